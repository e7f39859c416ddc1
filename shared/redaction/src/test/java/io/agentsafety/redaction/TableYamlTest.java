package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TableYaml} reads its subset exactly as SnakeYAML does, and refuses the rest: the shipped table must be read
 * by it (else the start-up saving is gone), and every YAML file of the repository is either read the same way or
 * refused, never read differently.
 */
class TableYamlTest {

    private static Object snake(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    /** Equal with the same types and the same key order everywhere (order matters: macros expand in order). */
    private static void assertSame(Object expected, Object actual, String where) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, where);
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), where + ": type");
        if (expected instanceof Map<?, ?> e) {
            Map<?, ?> a = (Map<?, ?>) actual;
            assertEquals(List.copyOf(e.keySet()), List.copyOf(a.keySet()), where + ": keys");
            for (Object k : e.keySet()) {
                assertSame(e.get(k), a.get(k), where + "." + k);
            }
        } else if (expected instanceof List<?> e) {
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), where + ": size");
            for (int i = 0; i < e.size(); i++) {
                assertSame(e.get(i), a.get(i), where + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TableYamlTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedTableIsReadByTheFastReaderAsSnakeYamlReadsIt() throws IOException {
        String text = resource(DetectorTable.RESOURCE);
        Object fast = assertDoesNotThrow(() -> TableYaml.parse(text), "detectors.yaml left the fast reader's subset");
        assertSame(snake(text), fast, "detectors.yaml");
    }

    @Test
    void everyYamlFileOfTheRepositoryIsReadTheSameOrRefused() throws IOException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/")
                    && !p.toString().contains("/.git/"))
                .toList();
        }
        int same = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            Object expected;
            try {
                expected = snake(text);
            } catch (RuntimeException e) {
                continue; // multi-document or invalid for SnakeYAML: nothing to compare with
            }
            Object fast;
            try {
                fast = TableYaml.parse(text);
            } catch (TableYaml.Unsupported e) {
                continue;
            }
            assertSame(expected, fast, f.toString());
            same++;
        }
        assertTrue(same >= 2, "files read by both: " + same + " of " + files.size());
    }

    @Test
    void theSubsetReadsAsSnakeYaml() {
        List<String> docs = List.of(
            "a: 1\nb: 2.5\nc: 0.25\nd: true\ne: off\nf: ~\ng:\nh: word\ni: 'it''s'\nj: \"x\\ny\\\"z\\u00e9\"\n",
            "list:\n- a\n- 'b'\n-\n- [c, 'd', \"e\"]\n- {k: v, n: 3}\nnext: x\n",
            "rows:\n  - id: one\n    kind: k # comment\n    keywords: ['x', y]\n    window: {max_back: 96, max_forward: 2048}\n"
                + "  - id: two\n    nested:\n      - p\n      - q\n# trailing comment\n",
            "flow: [a, b,\n   c, 'd'\n   ]\nmap: {a: 1,\n  b: [x, y]}\n",
            "url: https://example.org/path#frag\nhash: a#b\nspaces:   padded   \ncolon: a:b\n",
            "big: 3000000000\nzero: 0\nempty: []\nemptymap: {}\n",
            "l:\n- 'folded   \n   over lines'\n- 'kept\n\n    break'\n- \"two\n\n\n  breaks \\u0020\n  end\"\nk: 'a\n  # not a comment'\n");
        for (String doc : docs) {
            assertSame(snake(doc), TableYaml.parse(doc), doc);
        }
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
                fast = TableYaml.parse(text);
            } catch (TableYaml.Unsupported e) {
                refused++;
                continue;
            }
            assertSame(expected, fast, "mutant " + m + ":\n" + text);
            compared++;
        }
        assertTrue(compared > 1000, "compared " + compared + ", refused " + refused);
    }

    @Test
    void constructsOutsideTheSubsetAreRefused() {
        List<String> docs = List.of(
            "a: |\n  block\n", "a: >\n  folded\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "---\na: 1\n",
            "a: 2001-12-14\n", "a: 012\n", "a: 0x1F\n", "a: 1:20\n", "a: 1_000\n", "a: -1\n", "a: .5\n", "a: 1e3\n",
            "a: plain\n  continued\n", "- plain\n  continued\n", "a: \"open\\\n  close\"\n",
            "a:\tb\n", "a: 1\r\n", "a: \"\\x41\"\n", "a: [x, ]\n", "a: [x: y]\n", "? a\n: b\n", "a: 1\n  b: 2\n",
            "a: b: c\n", "<<: {a: 1}\n", "a: =\n");
        for (String doc : docs) {
            assertThrows(TableYaml.Unsupported.class, () -> TableYaml.parse(doc), doc);
        }
    }
}
