package io.agentsafety.commands;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the labelled corpus {@code corpus/commands.tsv} (issue 14, "Measure it") through {@code analyzeShell} and
 * reports, per family and overall, recall (destructive commands blocked: denied or sent for approval) and the
 * false-alarm rate (benign commands blocked). The floors are the figures measured when the corpus was written; a
 * change that lowers one fails here and must be fixed or argued in the README, where the table and the known
 * misses are listed.
 */
class CommandCorpusTest {

    private static final CommandAnalyzer ANALYZER = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);

    /**
     * Measured recall per family (blocked / destructive) where it is below 1; families not listed must block every
     * destructive line (all do today: 579 of 579).
     */
    private static final Map<String, Double> RECALL_FLOOR = Map.of();
    /** Measured false-alarm rate per family (blocked / benign); families not listed must raise none. */
    private static final Map<String, Double> FPR_CEILING = Map.of();
    private static final double OVERALL_RECALL_FLOOR = 0.99;
    private static final double OVERALL_FPR_CEILING = 0.005;

    static final class Tally {
        int destructive;
        int caught;
        int benign;
        int falseAlarms;
        final List<String> misses = new ArrayList<>();

        double recall() {
            return destructive == 0 ? 1.0 : (double) caught / destructive;
        }

        double fpr() {
            return benign == 0 ? 0.0 : (double) falseAlarms / benign;
        }
    }

    static List<LabelledCommands.Row> corpus() throws IOException {
        return LabelledCommands.read("commands.tsv", command -> command);
    }

    @Test
    void recallAndFalseAlarmsPerFamily() throws IOException {
        List<LabelledCommands.Row> lines = corpus();
        Map<String, Tally> families = new LinkedHashMap<>();
        Tally all = new Tally();
        for (LabelledCommands.Row line : lines) {
            CommandAssessment assessment = ANALYZER.analyzeShell(line.command(), line.cwd());
            // String today; compared by name so an enum verdict reads the same
            boolean blocked = assessment.verdict() != CommandVerdict.ALLOW;
            Tally family = families.computeIfAbsent(line.family(), k -> new Tally());
            for (Tally t : List.of(family, all)) {
                if (line.block()) {
                    t.destructive++;
                    t.caught += blocked ? 1 : 0;
                } else {
                    t.benign++;
                    t.falseAlarms += blocked ? 1 : 0;
                }
            }
            if (line.block() != blocked) {
                family.misses.add((line.block() ? "missed: " : "false alarm: ") + line.command()
                    + (line.cwd() == null ? "" : " [cwd " + line.cwd() + "]") + " -> " + assessment.verdict());
            }
        }
        StringBuilder table = new StringBuilder(String.format("%-13s %5s %6s %7s %6s %6s %7s%n",
            "family", "lines", "destr.", "blocked", "recall", "benign", "FPR"));
        families.forEach((name, t) -> table.append(row(name, t)));
        table.append(row("all", all));
        families.values().forEach(t -> t.misses.forEach(m -> table.append("  ").append(m).append('\n')));
        System.out.println(table);

        assertTrue(lines.size() >= 800, "at least 800 commands, was " + lines.size());
        assertTrue(all.benign >= 0.4 * lines.size(), "at least 40% benign near-misses");
        families.forEach((name, t) -> {
            assertTrue(t.destructive > 0 && t.benign > 0, name + " has destructive lines and benign near-misses");
            assertTrue(t.recall() >= RECALL_FLOOR.getOrDefault(name, 1.0), name + " recall " + t.recall() + "\n" + table);
            assertTrue(t.fpr() <= FPR_CEILING.getOrDefault(name, 0.0), name + " false-alarm rate " + t.fpr() + "\n" + table);
        });
        assertTrue(all.recall() >= OVERALL_RECALL_FLOOR, "overall recall " + all.recall() + "\n" + table);
        assertTrue(all.fpr() <= OVERALL_FPR_CEILING, "overall false-alarm rate " + all.fpr() + "\n" + table);
    }

    private static String row(String name, Tally t) {
        return String.format("%-13s %5d %6d %7d %6.3f %6d %7.4f%n", name, t.destructive + t.benign, t.destructive, t.caught,
            t.recall(), t.benign, t.fpr());
    }
}
