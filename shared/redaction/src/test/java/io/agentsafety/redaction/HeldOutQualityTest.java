package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores the redactor on this project's own corpora (resources {@code heldout/}, written by
 * {@code generate.py} from the syntaxes, not from the sample): generic credentials in ~45 syntaxes and
 * harmless look-alikes. The {@code dev} split was looked at while building detectors; the
 * {@code heldout} split (other templates, labels and seed) only measures. Prints recall per context and
 * kept share per category, the numbers reported in README.md; only the dev split's misses and false alarms are printed
 * item by item, so that nobody tunes detectors to held-out items by reading the build's output.
 */
class HeldOutQualityTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    @Test
    void devSplit() throws Exception {
        Score s = score("dev");
        assertTrue(s.recall() >= 0.999, "dev recall " + s.recall());
        assertTrue(s.kept() >= 0.999, "dev kept " + s.kept());
    }

    @Test
    void heldOutSplit() throws Exception {
        Score s = score("heldout");
        assertTrue(s.recall() >= 0.973, "held-out recall " + s.recall());
        assertTrue(s.kept() >= 0.99, "held-out kept " + s.kept());
    }

    record Score(double recall, double kept) {
    }

    private static Score score(String split) throws IOException, URISyntaxException {
        Path dir = Path.of(HeldOutQualityTest.class.getResource("heldout/" + split + "-secrets.jsonl").toURI()).getParent();
        List<EvalCorpus.Record> secrets = EvalCorpus.read(dir.resolve(split + "-secrets.jsonl"), "context", "secrets");
        List<EvalCorpus.Record> negatives = EvalCorpus.read(dir.resolve(split + "-negatives.jsonl"), "category", "keep");
        Map<String, int[]> perContext = new TreeMap<>();
        int caught = 0;
        for (EvalCorpus.Record r : secrets) {
            String out = REDACTOR.redact(r.text()).redacted();
            boolean ok = r.targets().stream().noneMatch(out::contains);
            int[] c = perContext.computeIfAbsent(r.label(), k -> new int[2]);
            c[1]++;
            if (ok) {
                caught++;
                c[0]++;
            } else if (split.equals("dev")) {
                System.out.println("MISS " + split + " " + r.id() + " " + r.label() + " | " + out.replace("\n", "\\n"));
            }
        }
        Map<String, int[]> perCategory = new TreeMap<>();
        int kept = 0;
        for (EvalCorpus.Record r : negatives) {
            String out = REDACTOR.redact(r.text()).redacted();
            boolean ok = r.targets().stream().allMatch(out::contains);
            int[] c = perCategory.computeIfAbsent(r.label(), k -> new int[2]);
            c[1]++;
            if (ok) {
                kept++;
                c[0]++;
            } else if (split.equals("dev")) {
                System.out.println("FALSE " + split + " " + r.id() + " " + r.label() + " | " + out.replace("\n", "\\n"));
            }
        }
        perContext.forEach((k, c) -> System.out.printf("%s context %-14s %d/%d%n", split, k, c[0], c[1]));
        perCategory.forEach((k, c) -> System.out.printf("%s category %-22s %d/%d%n", split, k, c[0], c[1]));
        Score s = new Score(caught / (double) secrets.size(), kept / (double) negatives.size());
        System.out.printf("%s secrets_recall=%.4f (%d/%d) lookalikes_kept=%.4f (%d/%d)%n", split,
            s.recall(), caught, secrets.size(), s.kept(), kept, negatives.size());
        return s;
    }
}
