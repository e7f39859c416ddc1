package io.agentsafety.core.config;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.agentsafety.testing.TreeAssertions.assertSameTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PlainYaml} reads its subset exactly as SnakeYAML does, and refuses the rest: every YAML file of the repository
 * is either read the same way or refused, never read differently. (shared/redaction's {@code TableYamlTest} holds the
 * detector table inside the subset.)
 */
class PlainYamlTest {

    private static Object snake(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
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
                fast = PlainYaml.parse(text);
            } catch (PlainYaml.Unsupported e) {
                continue;
            }
            assertSameTree(expected, fast, f.toString());
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
            "l:\n- 'folded   \n   over lines'\n- 'kept\n\n    break'\n- \"two\n\n\n  breaks \\u0020\n  end\"\nk: 'a\n  # not a comment'\n",
            "emoji: \"\uD83D\uDE00\"\nplain: x\uD83D\uDE00y\n",
            "deep: " + "[".repeat(30) + "]".repeat(30) + "\n");
        for (String doc : docs) {
            assertSameTree(snake(doc), PlainYaml.parse(doc), doc);
        }
    }

    /**
     * Plain scalars made of the characters YAML 1.1's numbers, dates and times are made of (e.g. an IP address, a
     * version): each is typed as SnakeYAML types it, or refused.
     */
    @Test
    void numberLikeScalarsAreTypedAsSnakeYamlTypesThemOrRefused() {
        java.util.Random random = new java.util.Random(17);
        String alphabet = "0123456789012345678901234567890123456789..::--++__eExXabfT Zin";
        int strings = 0;
        for (int m = 0; m < 20000; m++) {
            StringBuilder value = new StringBuilder().append("0123456789+.".charAt(random.nextInt(12)));
            for (int n = random.nextInt(14); n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String doc = "v: " + value + "\n";
            Object expected;
            try {
                expected = snake(doc);
            } catch (RuntimeException e) {
                continue;
            }
            Object fast;
            try {
                fast = PlainYaml.parse(doc);
            } catch (PlainYaml.Unsupported e) {
                continue;
            }
            assertSameTree(expected, fast, doc);
            if (((Map<?, ?>) fast).get("v") instanceof String) {
                strings++;
            }
        }
        assertTrue(strings > 5000, "read as strings: " + strings);
        Map<?, ?> addresses = (Map<?, ?>) PlainYaml.parse("host: 127.0.0.1\nversion: 1.2.3\nport: 6379\n");
        assertEquals("127.0.0.1", addresses.get("host"));
        assertEquals("1.2.3", addresses.get("version"));
    }

    @Test
    void constructsOutsideTheSubsetAreRefused() {
        List<String> docs = List.of(
            "a: |\n  block\n", "a: >\n  folded\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "---\na: 1\n",
            "a: 2001-12-14\n", "a: 012\n", "a: 0x1F\n", "a: 1:20\n", "a: 1_000\n", "a: -1\n", "a: .5\n", "a: 1e3\n",
            "a: plain\n  continued\n", "- plain\n  continued\n", "a: \"open\\\n  close\"\n",
            "a:\tb\n", "a: 1\r\n", "a: \"\\x41\"\n", "a: [x, ]\n", "a: [x: y]\n", "? a\n: b\n", "a: 1\n  b: 2\n",
            "a: b: c\n", "<<: {a: 1}\n", "a: =\n",
            "a: x\u0001\n", "a: x\u0085y\n", "a: x\uD83D\n", "\uFEFFa: 1\n", "a: " + "[".repeat(45) + "]".repeat(45) + "\n");
        for (String doc : docs) {
            assertThrows(PlainYaml.Unsupported.class, () -> PlainYaml.parse(doc), doc);
        }
    }
}
