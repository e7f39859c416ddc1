package io.agentsafety.commands;

import io.agentsafety.commands.analysis.CommandRunners;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executes the examples of {@code runners.yaml}: each program that runs a command for you must be judged as the
 * command it runs (every rule the inner command fires, fires), and the near misses must stay allowed.
 */
class CommandRunnersTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    @Test
    void everyRunnerIsJudgedAsTheCommandItRuns() {
        List<String> failures = new ArrayList<>();
        for (CommandRunners.Example example : CommandRunners.builtIn().runsExamples()) {
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
        List<String> failures = new ArrayList<>();
        for (String benign : CommandRunners.builtIn().benignExamples()) {
            CommandAssessment a = ANALYZER.analyzeShell(benign);
            if (!a.verdict().equals(CommandVerdict.ALLOW) || !a.findings().isEmpty() || !a.unresolved().isEmpty()) {
                failures.add("'" + benign + "' -> " + a.verdict() + " " + a.findings() + " " + a.unresolved());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
