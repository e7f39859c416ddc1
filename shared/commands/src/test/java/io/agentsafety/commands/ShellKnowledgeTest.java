package io.agentsafety.commands;

import io.agentsafety.commands.analysis.CommandRunners;
import io.agentsafety.commands.analysis.ShellKnowledge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executes the examples of {@code shell-knowledge.yaml} and {@code wrappers.yaml}: each command must be judged as the
 * command it wraps or runs (every rule the inner command fires, fires, with the same verdict), and the near misses
 * must stay allowed with nothing unresolved.
 */
class ShellKnowledgeTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @Test
    void everyTableRowIsJudgedAsTheCommandItRuns() {
        List<CommandRunners.Example> examples = ShellKnowledge.builtIn().runsExamples();
        assertTrue(examples.size() >= 50 + 9, "every wrapper and every section has examples: " + examples.size());
        List<String> failures = new ArrayList<>();
        for (CommandRunners.Example example : examples) {
            CommandAssessment inner = ANALYZER.analyzeShell(example.inner());
            Set<String> innerRules = inner.findings().stream().map(CommandFinding::ruleId).collect(Collectors.toSet());
            if (innerRules.isEmpty()) {
                failures.add(example.where() + ": the inner command of an example must fire a rule: " + example.inner());
                continue;
            }
            CommandAssessment outer = ANALYZER.analyzeShell(example.command());
            Set<String> outerRules = outer.findings().stream().map(CommandFinding::ruleId).collect(Collectors.toSet());
            if (!outerRules.containsAll(innerRules) || !outer.verdict().equals(inner.verdict())) {
                failures.add(example.where() + ": '" + example.command() + "' -> " + outer.verdict() + " " + outerRules
                    + " " + outer.unresolved() + ", expected " + inner.verdict() + " " + innerRules);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void nearMissesStayAllowed() {
        List<String> benign = ShellKnowledge.builtIn().benignExamples();
        assertFalse(benign.isEmpty());
        List<String> failures = new ArrayList<>();
        for (String command : benign) {
            CommandAssessment a = ANALYZER.analyzeShell(command);
            if (!a.verdict().equals(CommandVerdict.ALLOW) || !a.findings().isEmpty() || !a.unresolved().isEmpty()) {
                failures.add("'" + command + "' -> " + a.verdict() + " " + a.findings() + " " + a.unresolved());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theAnalyzerChecksTheTablesExamplesWhenItLoads() {
        assertTrue(ANALYZER.exampleFailures().isEmpty(), String.join("\n", ANALYZER.exampleFailures()));
    }

    /** A wrapper's option arity is one concept with a pack's value_options: an operator's pack can add to it. */
    @Test
    void aPacksValueOptionsForAWrapperGuideItsUnwrapping(@TempDir Path dir) throws Exception {
        String command = "sudo --login-class staff rm -rf /";
        assertEquals(CommandVerdict.ALLOW, ANALYZER.analyzeShell(command).verdict(),
            "without the option's arity 'staff' reads as the command");
        Path pack = dir.resolve("sudo-options.yaml");
        Files.writeString(pack, """
            pack: local
            value_options:
              sudo: [--login-class]
            rules:
              - id: local.no_make_deploy
                description: make deploy is done by CI only
                severity: medium
                verdict: require_approval
                match:
                  command: [make]
                  words_any: [deploy]
                examples:
                  match: ["make deploy"]
                  not_match: ["make test"]
            """);
        CommandAnalyzer withPack = CommandAnalyzer.fromClasspath(new RuleConfig(Set.of(), List.of(pack.toString())));
        assertEquals(CommandVerdict.DENY, withPack.analyzeShell(command).verdict());
        assertEquals(CommandVerdict.DENY, withPack.analyzeShell("sudo -u admin rm -rf /").verdict());
    }
}
