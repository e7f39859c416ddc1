package io.agentsafety.commands.analysis;

import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.CommandAssessment;
import io.agentsafety.commands.CommandVerdict;
import io.agentsafety.commands.RuleConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Executes the examples of resource-deletes.yaml through the whole analyzer, and the table's strict loading. */
class ResourceDeletesTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);
    private static final ResourceDeletes TABLE = ResourceDeletes.builtIn();

    @Test
    void serviceDeletionsAreSentForApproval() {
        for (List<String> example : TABLE.examples().resourceDelete()) {
            CommandAssessment assessment = ANALYZER.analyzeShell(example.get(0), null);
            assertEquals(CommandVerdict.REQUIRE_APPROVAL, assessment.verdict(), example.get(0));
            assertTrue(assessment.findings().stream().anyMatch(f -> f.ruleId().equals("service.resource_delete")
                && f.evidence().contains(example.get(1))), example + " -> " + assessment.findings());
        }
    }

    @Test
    void httpDeletesAreSentForApproval() {
        for (List<String> example : TABLE.examples().httpDelete()) {
            CommandAssessment assessment = ANALYZER.analyzeShell(example.get(0), null);
            assertTrue(assessment.findings().stream().anyMatch(f -> f.ruleId().equals("service.http_delete")
                && f.evidence().contains(example.get(1))), example + " -> " + assessment.findings());
            assertTrue(assessment.verdict() != CommandVerdict.ALLOW, example.get(0));
        }
    }

    @Test
    void nearMissesRaiseNeither() {
        for (String command : TABLE.examples().neither()) {
            CommandAssessment assessment = ANALYZER.analyzeShell(command, null);
            assertTrue(assessment.findings().stream().noneMatch(f -> f.ruleId().startsWith("service.")), command + " -> " + assessment.findings());
        }
    }

    @Test
    void programsThePacksKnowStayTheirs() {
        // kubectl's own line: one named pod may be deleted without a human
        CommandAssessment pod = ANALYZER.analyzeShell("kubectl delete pod web-1", null);
        assertTrue(pod.findings().stream().noneMatch(f -> f.ruleId().startsWith("service.")), pod.findings().toString());
    }

    @Test
    void theTableIsReadStrictly() {
        Map<String, Object> yaml = YamlData.parse("verbs: [delete]\nsurprise: 1\n", "t");
        assertThrows(IllegalStateException.class, () -> new ResourceDeletes(yaml));
    }
}
