package io.agentsafety.commands.fuzz;

import io.agentsafety.testing.fuzz.FuzzBounds;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.CommandAssessment;
import io.agentsafety.commands.CommandFinding;
import io.agentsafety.commands.CommandVerdict;
import io.agentsafety.commands.RuleConfig;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell analysis behind {@code execute_code}'s {@code command}: any string gives an assessment, within the time
 * bound, with bounded lists, and never because the analysis itself broke (the analyzer turns an internal exception
 * into "unresolved", which fails closed but is still a bug the fuzzer should report).
 */
class ShellAnalysisFuzzTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);
    private static final Set<CommandVerdict> VERDICTS = Set.of(CommandVerdict.ALLOW, CommandVerdict.REQUIRE_APPROVAL,
        CommandVerdict.DENY);
    /** What the analyzer reports when it caught its own exception (matched whole: other entries may quote input). */
    private static final Pattern INTERNAL_FAILURE = Pattern.compile("the analysis could not complete \\([A-Za-z0-9_$]+\\)");

    @FuzzTest(maxDuration = "10s")
    @Timeout(FuzzBounds.HANG_SECONDS)
    void anyCommandGetsAnAssessment(byte[] data) {
        String command = FuzzBounds.text(data);
        CommandAssessment assessment = FuzzBounds.withinTimeBound("analyzeShell", () -> ANALYZER.analyzeShell(command));
        ShellAnalysisFuzzTest.checkAssessment(assessment);
    }

    /** The invariants of every assessment, whatever the input. */
    static void checkAssessment(CommandAssessment assessment) {
        assertNotNull(assessment);
        assertTrue(VERDICTS.contains(assessment.verdict()), assessment.verdict().wireName());
        for (String unresolved : assessment.unresolved()) {
            assertFalse(INTERNAL_FAILURE.matcher(unresolved).matches(),
                "the analysis failed internally: " + unresolved);
        }
        // bounds of the collector (one finding more for command.too_long)
        assertTrue(assessment.findings().size() <= 65, "findings " + assessment.findings().size());
        assertTrue(assessment.unresolved().size() <= 16, "unresolved " + assessment.unresolved().size());
        assertTrue(assessment.fetchedUrls().size() <= 32, "urls " + assessment.fetchedUrls().size());
        assertTrue(assessment.contactedHosts().size() <= 32, "hosts " + assessment.contactedHosts().size());
        for (CommandFinding finding : assessment.findings()) {
            assertTrue(VERDICTS.contains(finding.verdict()), finding.verdict().wireName());
            assertTrue(finding.evidence() == null || finding.evidence().length() <= CommandFinding.MAX_EVIDENCE);
        }
    }
}
