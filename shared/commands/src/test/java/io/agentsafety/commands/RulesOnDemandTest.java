package io.agentsafety.commands;

import io.agentsafety.commands.rules.Rule;
import io.agentsafety.commands.rules.RulePackLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analyzer built from the build's tool-name index (rules loaded when a command names their tool) decides as the
 * one with every rule loaded: same findings (rule ids, reasons, severities, verdicts, evidence), same unresolved
 * reasons, URLs and hosts, for every command the module's corpora, probe files, the dcg dev split and the rules'
 * own examples hold, analysed in file order, in reverse order and from several threads at once.
 */
class RulesOnDemandTest {

    private static final CommandAnalyzer EAGER = CommandAnalyzer.withEveryRuleLoaded(RuleConfig.DEFAULTS);
    private static final List<String> PROBE_FILES = List.of("commands.tsv", "everyday-probes.tsv",
        "agent-script-probes.tsv", "interpreter-text-probes.tsv", "pack-and-bypass-probes.tsv",
        "adversary-and-pack-probes.tsv", "adversary-round9-probes.tsv", "adversary-round10-probes.tsv",
        "service-round10-probes.tsv", "round11-probes.tsv", "round12-probes.tsv");

    /** A command and the directory it runs in (null when none). */
    record Input(String cwd, String command) {
    }

    static List<Input> everyCommand() throws IOException {
        List<Input> inputs = new ArrayList<>();
        for (String file : PROBE_FILES) {
            for (LabelledCommands.Row row : EverydayProbesTest.probes(file)) {
                inputs.add(new Input(row.cwd(), row.command()));
            }
        }
        for (ExternalCommandCorpusTest.Case c : ExternalCommandCorpusTest.corpus()) {
            if (c.split().equals("dev")) { // the held-out split stays unread
                inputs.add(new Input(null, c.command()));
            }
        }
        RulePackLoader loader = new RulePackLoader();
        loader.loadBuiltins();
        for (Rule rule : loader.build().rules()) {
            for (String example : rule.matchExamples()) {
                inputs.add(example(example));
            }
            for (String example : rule.notMatchExamples()) {
                inputs.add(example(example));
            }
        }
        return inputs;
    }

    private static Input example(String example) {
        if (example.startsWith("[cwd ")) {
            int end = example.indexOf("] ");
            return new Input(example.substring(5, end), example.substring(end + 2));
        }
        return new Input(null, example);
    }

    @Test
    void onlyTheRulesThatMatchAnyCommandAreLoadedAtStart() {
        CommandAnalyzer lazy = CommandAnalyzer.withoutExampleCheck(RuleConfig.DEFAULTS);
        int total = EAGER.loadedRuleCount();
        int atStart = lazy.loadedRuleCount();
        assertTrue(atStart > 0 && atStart < total / 10, atStart + " of " + total + " rules loaded at start");
        lazy.analyzeShell("git status");
        assertTrue(lazy.loadedRuleCount() > atStart, "git's rules are loaded by a git command");
        lazy.loadEveryRule();
        assertEquals(total, lazy.loadedRuleCount());
        assertEquals(EAGER.rules(), CommandAnalyzer.withoutExampleCheck(RuleConfig.DEFAULTS).rules(),
            "the same rules, in the same order, with the same descriptions");
    }

    @Test
    void everyCommandGetsTheSameAssessmentInFileOrderAndInReverse() throws IOException {
        List<Input> inputs = everyCommand();
        assertTrue(inputs.size() > 5000, inputs.size() + " commands");
        CommandAnalyzer forward = CommandAnalyzer.withoutExampleCheck(RuleConfig.DEFAULTS);
        for (Input input : inputs) {
            assertSame(input, EAGER, forward);
        }
        List<Input> reversed = new ArrayList<>(inputs);
        Collections.reverse(reversed);
        CommandAnalyzer backward = CommandAnalyzer.withoutExampleCheck(RuleConfig.DEFAULTS);
        for (Input input : reversed) {
            assertSame(input, EAGER, backward);
        }
    }

    @Test
    void disabledRulesStayDisabledWhenLoadedLater() {
        RuleConfig config = new RuleConfig(java.util.Set.of("git.force_push_protected"), List.of());
        CommandAnalyzer eager = CommandAnalyzer.withEveryRuleLoaded(config);
        CommandAnalyzer lazy = CommandAnalyzer.withoutExampleCheck(config);
        for (String command : List.of("git push --force origin main", "git push -f", "kubectl delete ns prod")) {
            assertSame(new Input(null, command), eager, lazy);
        }
    }

    @Test
    void threadsLoadingRulesAtOnceGetTheSameAssessments() throws Exception {
        List<Input> inputs = everyCommand();
        CommandAnalyzer shared = CommandAnalyzer.withoutExampleCheck(RuleConfig.DEFAULTS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    for (int i = offset; i < inputs.size(); i += 4) {
                        assertSame(inputs.get(i), EAGER, shared);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertSame(Input input, CommandAnalyzer eager, CommandAnalyzer lazy) {
        assertEquals(eager.analyzeShell(input.command(), input.cwd()), lazy.analyzeShell(input.command(), input.cwd()),
            () -> "lazy and eager differ on: " + input.command());
    }
}
