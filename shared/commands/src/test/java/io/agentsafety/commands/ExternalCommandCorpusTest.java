package io.agentsafety.commands;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores the gate on commands another project wrote and labelled (external/dcg: the test inputs of
 * destructive_command_guard, see its NOTICE and extract.py), so the figures are not ones this repository's own
 * corpus could flatter. Blocked = denied or sent for approval, as in CommandCorpusTest. The corpus is split by a hash
 * of the command: misses are printed for {@code dev} only (what may be looked at while improving the gate);
 * {@code heldout} is only counted. The floors are the figures measured; see the commands README for what the labels
 * mean where dcg's policy and this project's differ.
 */
class ExternalCommandCorpusTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    record Case(String split, boolean block, String group, String command) {
    }

    /** Counts into CommandCorpusTest's tally: dcg's block is "destructive", its allow "benign". */
    private static void add(CommandCorpusTest.Tally t, boolean expectedBlock, boolean blocked) {
        if (expectedBlock) {
            t.destructive++;
            t.caught += blocked ? 1 : 0;
        } else {
            t.benign++;
            t.falseAlarms += blocked ? 1 : 0;
        }
    }

    static List<Case> corpus() throws IOException {
        try (InputStream in = ExternalCommandCorpusTest.class.getResourceAsStream("/io/agentsafety/commands/external/dcg/dcg.tsv")) {
            assertNotNull(in, "external/dcg/dcg.tsv on the test classpath");
            List<Case> cases = new ArrayList<>();
            for (String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (raw.isBlank() || raw.startsWith("#")) {
                    continue;
                }
                String[] f = raw.split("\t", 4);
                assertEquals(4, f.length, "four tab-separated fields: " + raw);
                assertTrue(f[1].equals("block") || f[1].equals("allow"), raw);
                cases.add(new Case(f[0], f[1].equals("block"), group(f[2]), unescape(f[3])));
            }
            return cases;
        }
    }

    /** {@code src/packs/cloud/aws.rs} → {@code packs/cloud}; {@code tests/corpus/edge_cases/x.toml} → {@code corpus/edge_cases}. */
    static String group(String source) {
        String[] parts = source.split("/");
        return parts[0].equals("src") ? "packs/" + parts[2] : parts[1] + "/" + parts[2].replaceAll("\\.[a-z]+$", "");
    }

    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char n = field.charAt(++i);
                out.append(n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void agreementWithAnotherProjectsLabels() throws IOException {
        List<Case> cases = corpus();
        Map<String, CommandCorpusTest.Tally> groups = new TreeMap<>();
        Map<String, CommandCorpusTest.Tally> splits = new TreeMap<>();
        List<String> devMisses = new ArrayList<>();
        for (Case c : cases) {
            CommandAssessment assessment = ANALYZER.analyzeShell(c.command(), null);
            boolean blocked = assessment.verdict() != CommandVerdict.ALLOW;
            add(groups.computeIfAbsent(c.split() + " " + c.group(), k -> new CommandCorpusTest.Tally()), c.block(), blocked);
            add(splits.computeIfAbsent(c.split(), k -> new CommandCorpusTest.Tally()), c.block(), blocked);
            // core: dcg's own corpus of shell semantics (filesystem, git, wrappers, heredocs, look-alikes); packs: its
            // per-service examples, where dcg blocks every deletion of one item and this project only containers
            String part = c.group().startsWith("packs/") ? "packs" : "core";
            add(splits.computeIfAbsent(c.split() + " " + part, k -> new CommandCorpusTest.Tally()), c.block(), blocked);
            if (c.split().equals("dev") && c.block() != blocked) {
                devMisses.add((c.block() ? "missed: " : "false alarm: ") + c.group() + " | " + c.command().replace("\n", "\\n")
                    + " -> " + assessment.verdict());
            }
        }
        StringBuilder table = new StringBuilder(String.format("%-36s %6s %7s %6s %6s %7s%n", "split group", "block", "caught",
            "recall", "allow", "FPR"));
        groups.forEach((name, t) -> table.append(row(name, t)));
        splits.forEach((name, t) -> table.append(row("ALL " + name, t)));
        devMisses.forEach(m -> table.append("  ").append(m).append('\n'));
        System.out.println(table);

        assertTrue(cases.size() >= 1000, "the extracted corpus, was " + cases.size());
        FLOORS.forEach((split, floor) -> {
            CommandCorpusTest.Tally t = splits.get(split);
            assertTrue(t.recall() >= floor[0], split + " recall " + t.recall() + " below " + floor[0] + "\n" + table);
            assertTrue(t.fpr() <= floor[1], split + " false-alarm rate " + t.fpr() + " above " + floor[1] + "\n" + table);
        });
    }

    /**
     * Recall floor and false-alarm ceiling per split, the figures measured (shared/commands/README.md, "Measured on
     * another project's corpus"); before the changes they came with: dev 0.458 / heldout 0.445 recall overall, then
     * dev 0.557 / heldout 0.537 before the second round (principal resources, client-library calls, more packs, cmd /c),
     * dev 0.609 / heldout 0.561 before the third (wrappers, PowerShell lines, computed path names, help requests), dev
     * 0.620 / heldout 0.564 before the fourth (false alarms and misses of 2,240 everyday probes written here), dev 0.620 /
     * heldout 0.567 before the fifth (1,010 agent-script probes) and the sixth (723 interpreter-text probes), which left
     * both unchanged, and dev 0.620 / heldout 0.567 (packs 0.522 / 0.459) before the seventh (the services pack, live-service
     * configuration in ResourceDeletes, 300 pack-and-bypass probes): dev 0.726 / heldout 0.637, packs 0.662 / 0.553; the
     * eighth (469 adversary and pack probes, --all, more container nouns, Kotlin/Java deletions) left dev and both core
     * splits unchanged and raised heldout to 0.649, packs 0.569; the tenth (SQL through service CLIs, GraphQL mutations,
     * lifecycle policies, CDN purges, alerting configuration, 140 service probes) dev 0.728 / heldout 0.674, packs 0.665 /
     * 0.602; the twelfth (log delivery deletes, cmd's for /r, state rm, kubectl -f folders) dev 0.734, packs 0.673,
     * heldout unchanged.
     */
    private static final Map<String, double[]> FLOORS = Map.of(
        "dev", new double[] {0.733, 0.005},
        "heldout", new double[] {0.673, 0.012},
        "dev core", new double[] {0.922, 0.007},
        "heldout core", new double[] {0.89, 0.016},
        "dev packs", new double[] {0.672, 0.0},
        "heldout packs", new double[] {0.601, 0.0});

    private static String row(String name, CommandCorpusTest.Tally t) {
        return String.format("%-36s %6d %7d %6.3f %6d %7.4f%n", name, t.destructive, t.caught, t.recall(), t.benign, t.fpr());
    }
}
