package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The presence pass answers exactly which characters a short text holds, and the decoders' prefilter finds the same
 * spans with it as with every search run ({@link CharPresence#ANY}) on short texts of every format the probes hold.
 */
class CharPresenceTest {

    private static final String PROBES = "/io/agentsafety/redaction/probes/";
    private static final List<String> PROBE_FILES = List.of("configs.txt", "contexts.txt", "elsewhere.txt",
        "lookalikes.txt", "pairs.txt", "sources.txt", "storage.txt", "syntaxes.txt", "tools.txt", "traces.txt");

    @Test
    void mayHoldNeverMissesAndIsExactOnAsciiText() {
        Random random = new Random(14);
        for (int t = 0; t < 2_000; t++) {
            char[] chars = new char[random.nextInt(40)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = (char) (random.nextInt(8) == 0 ? random.nextInt(0x10000) : random.nextInt(128));
            }
            String text = new String(chars);
            CharPresence present = CharPresence.of(text);
            boolean nonAscii = false;
            for (char c : chars) {
                nonAscii |= c >= 128;
            }
            assertEquals(nonAscii, present.mayHoldNonAscii(), text);
            for (char c = 0; c < 128; c++) {
                if (text.indexOf(c) >= 0 || !nonAscii) {
                    // never "absent" for a present character; exact on ASCII-only text
                    assertEquals(text.indexOf(c) >= 0, present.mayHold(c), "char " + (int) c + " in " + text);
                }
                assertEquals(text.indexOf(c), present.indexOf(text, c));
            }
        }
        assertFalse(CharPresence.of("abc").mayHold('%'));
        assertTrue(CharPresence.of("a".repeat(CharPresence.MAX_TEXT + 1)).mayHold('%'), "a long text gets no pass");
    }

    @Test
    void prefilterFindsTheSameSpansOnShortTexts() throws IOException {
        List<String> texts = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String f : PROBE_FILES) {
            sources.add(resource(PROBES + f));
        }
        sources.add(resource("/io/agentsafety/redaction/detectors.yaml"));
        for (String source : sources) {
            String[] lines = source.split("\n", -1);
            // each line, and windows of 2, 5 and 12 lines (multi-line formats: tables, dumps, soft breaks)
            for (int width : new int[] {1, 2, 5, 12}) {
                for (int i = 0; i + width <= lines.length; i++) {
                    texts.add(String.join("\n", Arrays.asList(lines).subList(i, i + width)));
                }
            }
        }
        int withSpans = 0;
        for (String text : texts) {
            Decoders.Spans fast = Decoders.prefilter(text, CharPresence.of(text));
            Decoders.Spans all = Decoders.prefilter(text, CharPresence.ANY);
            assertSame(all.base64, fast.base64, text);
            assertSame(all.hex, fast.hex, text);
            assertSame(all.inline, fast.inline, text);
            assertSame(all.compatibility, fast.compatibility, text);
            assertSame(all.charCodes, fast.charCodes, text);
            assertSame(all.tables, fast.tables, text);
            assertSame(all.shell, fast.shell, text);
            assertSame(all.quotedPrintable, fast.quotedPrintable, text);
            assertSame(all.sqlInserts, fast.sqlInserts, text);
            withSpans += all.inline.size + all.compatibility.size + all.charCodes.size + all.tables.size + all.shell.size
                + all.quotedPrintable.size + all.sqlInserts.size > 0 ? 1 : 0;
        }
        assertTrue(texts.size() > 10_000, "texts: " + texts.size());
        // the comparison means something only if many texts have spans of the searched kinds
        assertTrue(withSpans > 2_000, "texts with spans: " + withSpans);
    }

    private static void assertSame(Decoders.IntList expected, Decoders.IntList actual, String text) {
        assertArrayEquals(Arrays.copyOf(expected.values, expected.size), Arrays.copyOf(actual.values, actual.size), text);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = CharPresenceTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
