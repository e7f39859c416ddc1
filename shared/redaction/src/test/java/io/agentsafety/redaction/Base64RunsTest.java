package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prefilter's run search (it skips most characters) finds exactly the runs a read of every character finds. */
class Base64RunsTest {

    private static final String PIECES = "aZ09+/=-_. \n:\"ü";

    @Test
    void runsEqualAFullRead() {
        Random random = new Random(16);
        int withRuns = 0;
        for (int t = 0; t < 5_000; t++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            while (text.length() < length) {
                // stretches of one kind, so that runs of every length near MIN_BASE64 occur
                int stretch = 1 + random.nextInt(random.nextBoolean() ? 4 : 24);
                boolean hexOnly = random.nextBoolean();
                for (int k = 0; k < stretch; k++) {
                    text.append(hexOnly ? "0123456789abcdef".charAt(random.nextInt(16)) : PIECES.charAt(random.nextInt(PIECES.length())));
                }
                text.append(PIECES.charAt(8 + random.nextInt(PIECES.length() - 8)));
            }
            String s = text.toString();
            Decoders.Spans spans = Decoders.prefilter(s);
            List<int[]> base64 = new ArrayList<>();
            List<int[]> hex = new ArrayList<>();
            reference(s, base64, hex);
            assertEquals(render(base64), render(spans.base64, 3), s);
            assertEquals(render(hex), render(spans.hex, 2), s);
            withRuns += base64.isEmpty() && hex.isEmpty() ? 0 : 1;
        }
        assertTrue(withRuns > 1_000, "too few texts with runs: " + withRuns);
    }

    /** Every maximal run of the alphabet, read character by character. */
    private static void reference(String s, List<int[]> base64, List<int[]> hex) {
        int i = 0;
        while (i < s.length()) {
            if (!Base64Blobs.alphabet(s.charAt(i))) {
                i++;
                continue;
            }
            int e = i;
            boolean hexOnly = true;
            while (e < s.length() && Base64Blobs.alphabet(s.charAt(e))) {
                char c = s.charAt(e);
                hexOnly &= Unescaper.hex(c) >= 0 || c == '-';
                e++;
            }
            if (e - i >= Decoders.MIN_BASE64) {
                if (hexOnly) {
                    hex.add(new int[] {i, e});
                } else {
                    int padded = e;
                    while (padded < s.length() && padded < e + 2 && s.charAt(padded) == '=') {
                        padded++;
                    }
                    base64.add(new int[] {i, e, padded});
                }
            }
            i = e;
        }
    }

    private static String render(List<int[]> spans) {
        StringBuilder out = new StringBuilder();
        spans.forEach(span -> out.append(Arrays.toString(span)));
        return out.toString();
    }

    private static String render(Decoders.IntList list, int width) {
        List<int[]> spans = new ArrayList<>();
        for (int k = 0; k < list.size; k += width) {
            spans.add(Arrays.copyOfRange(list.values, k, k + width));
        }
        return render(spans);
    }
}
