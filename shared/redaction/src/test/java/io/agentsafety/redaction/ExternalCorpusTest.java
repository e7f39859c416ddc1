package io.agentsafety.redaction;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores the redactor on credential examples written by other projects (resources {@code external/}, extracted by
 * {@code extract.py}): gitleaks' rule examples (MIT licence, committed) and trufflehog's detector pattern tests
 * (AGPL-3.0, so only measured where extracted locally). Rules are split into
 * {@code dev} and {@code heldout} by a hash of the rule id; only dev misses are printed (to look at while
 * improving detectors), held-out prints totals only. A true example counts as caught when its secret no
 * longer appears in the output (or, without a separable secret, when the text changed); a false example
 * counts as kept when the output is the text unchanged. Floors are the measured values (README.md).
 */
class ExternalCorpusTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    @Test
    void gitleaksDev() throws IOException {
        Score s = score("gitleaks", "dev", true);
        assertTrue(s.recall() >= 0.9968, "dev recall " + s.recall());
        assertTrue(s.kept() >= 0.873, "dev kept " + s.kept());
    }

    @Test
    void gitleaksHeldOut() throws IOException {
        Score s = score("gitleaks", "heldout", false);
        assertTrue(s.recall() >= 0.963, "held-out recall " + s.recall());
        assertTrue(s.kept() >= 0.801, "held-out kept " + s.kept());
    }

    /** Trufflehog's examples are AGPL-licensed, so not committed: measured when extract.py wrote them locally. */
    @Test
    void trufflehogWhenExtracted() throws IOException {
        Assumptions.assumeTrue(ExternalCorpusTest.class.getResource("external/trufflehog-dev.jsonl") != null,
            "run external/extract.py trufflehog <snapshot> to measure this source");
        Score dev = score("trufflehog", "dev", true);
        Score heldOut = score("trufflehog", "heldout", false);
        assertTrue(dev.recall() >= 0.916 && heldOut.recall() >= 0.900, dev + " " + heldOut);
        assertTrue(dev.kept() >= 0.689 && heldOut.kept() >= 0.721, dev + " " + heldOut);
    }

    /** One example; {@code secrets} empty when the example has no separable secret (then the text must change). */
    record Example(String rule, String text, List<String> secrets, boolean keep, boolean random) {
    }

    record Score(double recall, double kept) {
    }

    static List<Example> read(String source, String split) throws IOException {
        JsonMapper json = JsonMapper.createDefault();
        List<Example> out = new ArrayList<>();
        try (InputStream in = ExternalCorpusTest.class.getResourceAsStream("external/" + source + "-" + split + ".jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readValue(line, JsonNode.class);
                List<String> secrets = new ArrayList<>();
                if (n.get("secret") != null) {
                    secrets.add(n.get("secret").getStringValue());
                }
                JsonNode list = n.get("secrets");
                for (int i = 0; list != null && i < list.size(); i++) {
                    secrets.add(list.get(i).getStringValue());
                }
                JsonNode random = n.get("random");
                out.add(new Example(n.get("rule").getStringValue(), n.get("text").getStringValue(), secrets,
                    n.get("keep") != null, random != null && random.getBooleanValue()));
            }
        }
        return out;
    }

    static boolean caught(Example e, String out) {
        return e.secrets().isEmpty() ? !out.equals(e.text()) : e.secrets().stream().noneMatch(out::contains);
    }

    private static Score score(String source, String split, boolean printMisses) throws IOException {
        Map<String, int[]> perRule = new TreeMap<>();
        int positives = 0;
        int caught = 0;
        int negatives = 0;
        int kept = 0;
        int randomNegatives = 0;
        int randomKept = 0;
        for (Example e : read(source, split)) {
            String out = REDACTOR.redact(e.text()).redacted();
            if (e.keep()) {
                boolean ok = out.equals(e.text());
                negatives++;
                kept += ok ? 1 : 0;
                randomNegatives += e.random() ? 1 : 0;
                randomKept += e.random() && ok ? 1 : 0;
                if (!ok && printMisses) {
                    System.out.println("FALSE " + source + " " + split + " " + e.rule() + " | " + out.replace("\n", "\\n"));
                }
                continue;
            }
            boolean ok = caught(e, out);
            int[] c = perRule.computeIfAbsent(e.rule(), k -> new int[2]);
            c[1]++;
            positives++;
            if (ok) {
                caught++;
                c[0]++;
            } else if (printMisses) {
                System.out.println("MISS " + source + " " + split + " " + e.rule() + " | " + out.replace("\n", "\\n"));
            }
        }
        long fullRules = perRule.values().stream().filter(c -> c[0] == c[1]).count();
        if (printMisses) {
            perRule.forEach((k, c) -> {
                if (c[0] < c[1]) {
                    System.out.printf("%s %s rule %-45s %d/%d%n", source, split, k, c[0], c[1]);
                }
            });
        }
        Score s = new Score(caught / (double) positives, kept / (double) negatives);
        System.out.printf("%s %s external recall=%.4f (%d/%d) rules_fully_caught=%d/%d kept=%.4f (%d/%d; with random "
                + "parts %d/%d)%n", source, split, s.recall(), caught, positives, fullRules, perRule.size(), s.kept(), kept,
            negatives, randomKept, randomNegatives);
        return s;
    }
}
