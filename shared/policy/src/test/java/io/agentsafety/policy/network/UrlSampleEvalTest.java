package io.agentsafety.policy.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentsafety.core.StrictJson;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Measures the policy on the labelled URL sample (shared/eval/urls.jsonl) with the allowlist its header names.
 * A measurement, not a fit: the sample is never used to build the policy. Skipped when the file is absent.
 */
class UrlSampleEvalTest {

    @Test
    void sampleHasNoBypassesAndHighAccuracy() throws IOException {
        Path file = locate();
        Assumptions.assumeTrue(file != null, "shared/eval/urls.jsonl not found (set -Deval.dir)");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonNode meta = StrictJson.parseObject(lines.get(0).getBytes(StandardCharsets.UTF_8)).get("_meta");
        NetworkPolicy policy = NetworkPolicy.fromAllowlist(meta.get("allowlist").getStringValue());

        int scored = 0;
        int correct = 0;
        int ambiguous = 0;
        int ambiguousAgree = 0;
        List<String> bypasses = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = StrictJson.parseObject(line.getBytes(StandardCharsets.UTF_8));
            String url = record.get("url").getStringValue();
            boolean expected = record.get("allowed").getBooleanValue();
            NetworkAssessment got = policy.assessUrl(url);
            String row = record.get("id").getStringValue() + " [" + record.get("category").getStringValue() + "] "
                    + url.replace("\t", "\\t").replace("\n", "\\n") + " -> " + got.allowed() + " : " + got.reason();
            if (record.get("ambiguous") != null && record.get("ambiguous").getBooleanValue()) {
                ambiguous++;
                ambiguousAgree += got.allowed() == expected ? 1 : 0;
                System.out.println("ambiguous " + row);
                continue;
            }
            scored++;
            if (Boolean.getBoolean("eval.verbose")) {
                System.out.println("scored " + row + " " + got.matches().stream().map(m -> m.id()).toList());
            }
            if (got.allowed() == expected) {
                correct++;
            } else if (got.allowed()) {
                bypasses.add(row);
            } else {
                misses.add(row);
            }
        }
        double accuracy = scored == 0 ? 0 : (double) correct / scored;
        System.out.printf("urls.jsonl: scored=%d correct=%d accuracy=%.4f bypasses=%d misses=%d; ambiguous=%d (agree with best guess: %d)%n",
                scored, correct, accuracy, bypasses.size(), misses.size(), ambiguous, ambiguousAgree);
        bypasses.forEach(b -> System.out.println("BYPASS " + b));
        misses.forEach(m -> System.out.println("MISS   " + m));
        assertEquals(List.of(), bypasses, "denied URLs that the policy allowed");
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
    }

    private static Path locate() {
        String evalDir = System.getProperty("eval.dir");
        if (evalDir != null) {
            Path p = Path.of(evalDir, "urls.jsonl");
            return Files.isRegularFile(p) ? p : null;
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/eval/urls.jsonl"), dir.resolveSibling("shared").resolve("eval/urls.jsonl"))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
