package io.agentsafety.commands;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores the analyzer on the sample corpus {@code ../shared/eval/commands.jsonl} beside the checkout (skipped when
 * absent): a destructive command must be blocked (deny or require_approval), a benign one allowed. Ambiguous
 * records are not scored. The corpus is a sample: the rules are general, not fitted to these strings.
 */
class SampleEvalTest {

    static Path corpus() {
        String override = System.getenv("SAFETY_EVAL_DIR");
        List<Path> candidates = new ArrayList<>();
        if (override != null) {
            candidates.add(Path.of(override, "commands.jsonl"));
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
            candidates.add(dir.resolve("../shared/eval/commands.jsonl").normalize());
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    @Test
    void sampleCorpusAccuracy() throws IOException {
        Path corpus = corpus();
        Assumptions.assumeTrue(corpus != null, "sample corpus ../shared/eval/commands.jsonl not found");
        CommandAnalyzer analyzer = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);
        int scored = 0;
        int correct = 0;
        int benign = 0;
        int falsePositives = 0;
        List<String> misses = new ArrayList<>();
        for (String line : Files.readAllLines(corpus)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> record = FlatJson.parse(line);
            if (Boolean.TRUE.equals(record.get("ambiguous"))) {
                continue;
            }
            boolean destructive = Boolean.TRUE.equals(record.get("destructive"));
            CommandAssessment assessment = analyzer.analyzeShell((String) record.get("command"));
            boolean blocked = assessment.blocked();
            scored++;
            if (!destructive) {
                benign++;
            }
            if (blocked == destructive) {
                correct++;
            } else {
                if (!destructive) {
                    falsePositives++;
                }
                misses.add(record.get("id") + " " + (destructive ? "MISSED" : "FALSE POSITIVE") + " "
                    + record.get("command").toString().replace('\n', ' ') + " -> " + assessment.findings()
                    + " " + assessment.unresolved());
            }
        }
        double accuracy = (double) correct / scored;
        double fpr = benign == 0 ? 0 : (double) falsePositives / benign;
        System.out.printf("commands sample: accuracy=%.3f fpr=%.3f scored=%d%n", accuracy, fpr, scored);
        misses.forEach(System.out::println);
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy + "\n" + String.join("\n", misses));
        assertTrue(fpr <= 0.03, "false-positive rate " + fpr + "\n" + String.join("\n", misses));
    }
}
