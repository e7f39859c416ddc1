package io.agentsafety.redaction;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores the redactor on the sample corpora exactly as the evaluation harness does: a secrets record
 * passes when none of its secret substrings survives, a negatives record when every keep substring
 * survives. Misses are printed (ids only, plus the kind/category) to guide detector work.
 */
class CorpusQualityTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    @Test
    void secretsRecallAndNegativesKept() throws IOException {
        Path dir = EvalCorpus.locate();
        Assumptions.assumeTrue(dir != null, "sample corpora not present");
        List<EvalCorpus.Record> secrets = EvalCorpus.read(dir.resolve("secrets.jsonl"), "kind", "secrets");
        List<EvalCorpus.Record> negatives = EvalCorpus.read(dir.resolve("negatives.jsonl"), "category", "keep");
        int caught = 0;
        for (EvalCorpus.Record r : secrets) {
            String out = REDACTOR.redact(r.text()).redacted();
            boolean ok = r.targets().stream().noneMatch(out::contains);
            if (ok) {
                caught++;
            } else {
                System.out.println("MISS secret " + r.id() + " " + r.label() + "\n  " + out.replace("\n", "\n  "));
            }
        }
        int kept = 0;
        for (EvalCorpus.Record r : negatives) {
            String out = REDACTOR.redact(r.text()).redacted();
            boolean ok = r.targets().stream().allMatch(out::contains);
            if (ok) {
                kept++;
            } else {
                System.out.println("MISS negative " + r.id() + " " + r.label() + "\n  " + out.replace("\n", "\n  "));
            }
        }
        double recall = caught / (double) secrets.size();
        double keptRate = kept / (double) negatives.size();
        System.out.printf("secrets_recall=%.4f (%d/%d) negatives_kept=%.4f (%d/%d)%n",
            recall, caught, secrets.size(), keptRate, kept, negatives.size());
        assertTrue(recall >= 0.97, "secrets recall " + recall);
        assertTrue(keptRate >= 0.98, "negatives kept " + keptRate);
    }
}
