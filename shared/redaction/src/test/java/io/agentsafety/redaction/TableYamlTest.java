package io.agentsafety.redaction;

import io.agentsafety.core.config.PlainYaml;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.agentsafety.testing.TreeAssertions.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector tables are read by {@link PlainYaml} (shared/core) as SnakeYAML reads them: the shipped table must stay
 * inside its subset (else the start-up saving is gone), and mutants of it are read the same or refused. (The reader's
 * own cases and every YAML file of the repository: {@code PlainYamlTest}.)
 */
class TableYamlTest {

    private static Object snake(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TableYamlTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedTableIsReadByTheFastReaderAsSnakeYamlReadsIt() throws IOException {
        String text = resource(DetectorTable.RESOURCE);
        Object fast = assertDoesNotThrow(() -> PlainYaml.parse(text), "detectors.yaml left the fast reader's subset");
        assertSameTree(snake(text), fast, "detectors.yaml");
    }

    /**
     * Mutants of slices of the shipped table (a line dropped, doubled, re-indented, joined to the next, or a YAML
     * indicator character inserted): whenever both readers read a mutant, they read it the same.
     */
    @Test
    void mutantsOfTheTableAreReadTheSameOrRefused() throws IOException {
        List<String> lines = List.of(resource(DetectorTable.RESOURCE).split("\n", -1));
        java.util.Random random = new java.util.Random(11);
        String indicators = "'\"#:-[]{},&*!|>%@` \\";
        int compared = 0;
        int refused = 0;
        for (int m = 0; m < 3000; m++) {
            int from = random.nextInt(lines.size() - 40);
            java.util.ArrayList<String> doc = new java.util.ArrayList<>(lines.subList(from, from + 10 + random.nextInt(30)));
            // start at a line without indentation, so that the slice can be a document
            while (!doc.isEmpty() && (doc.get(0).startsWith(" ") || doc.get(0).isBlank())) {
                doc.remove(0);
            }
            for (int k = 1 + random.nextInt(3); k > 0 && !doc.isEmpty(); k--) {
                int i = random.nextInt(doc.size());
                String l = doc.get(i);
                switch (random.nextInt(5)) {
                    case 0 -> doc.remove(i);
                    case 1 -> doc.add(i, l);
                    case 2 -> doc.set(i, random.nextBoolean() ? " " + l : l.replaceFirst("^ ", ""));
                    case 3 -> {
                        if (i + 1 < doc.size()) {
                            doc.set(i, l + doc.remove(i + 1));
                        }
                    }
                    default -> {
                        int at = random.nextInt(l.length() + 1);
                        doc.set(i, l.substring(0, at) + indicators.charAt(random.nextInt(indicators.length())) + l.substring(at));
                    }
                }
            }
            String text = String.join("\n", doc) + "\n";
            Object expected;
            try {
                expected = snake(text);
            } catch (RuntimeException e) {
                continue;
            }
            Object fast;
            try {
                fast = PlainYaml.parse(text);
            } catch (PlainYaml.Unsupported e) {
                refused++;
                continue;
            }
            assertSameTree(expected, fast, "mutant " + m + ":\n" + text);
            compared++;
        }
        assertTrue(compared > 1000, "compared " + compared + ", refused " + refused);
    }
}
