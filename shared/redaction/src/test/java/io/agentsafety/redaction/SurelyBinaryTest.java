package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Base64Blobs#surelyBinary} may only answer true where the full text test (decode as UTF-8, count bad
 * characters) rejects: checked against that test, written out here, on random bytes drawn to hit every UTF-8 case
 * (ASCII, controls, continuation bytes, 2/3/4-byte leads, never-valid bytes, truncated sequences).
 */
class SurelyBinaryTest {

    /** The text test as {@code textual} computes it after the shortcut. */
    private static boolean fullyRejected(byte[] bytes, boolean cut) {
        return !Base64Blobs.mostlyText(new String(bytes, StandardCharsets.UTF_8), cut);
    }

    private static final int[][] RANGES = {
        {0x00, 0x1F}, {0x20, 0x7E}, {0x7F, 0x7F}, {0x80, 0xBF}, {0xC0, 0xC1}, {0xC2, 0xDF}, {0xE0, 0xEF}, {0xF0, 0xF4},
        {0xF5, 0xFF}, {'\t', '\t'}, {'\n', '\n'}};

    @Test
    void answersTrueOnlyWhereTheFullTestRejects() {
        Random random = new Random(17);
        int shortcuts = 0;
        for (int round = 0; round < 300_000; round++) {
            byte[] bytes = new byte[6 + random.nextInt(60)];
            // a mix of byte classes per array, weighted differently each time
            int[] weights = new int[RANGES.length];
            for (int w = 0; w < weights.length; w++) {
                weights[w] = random.nextInt(4) == 0 ? 0 : random.nextInt(10);
            }
            weights[1] += 1;
            int total = 0;
            for (int w : weights) {
                total += w;
            }
            for (int i = 0; i < bytes.length; i++) {
                int pick = random.nextInt(total);
                int r = 0;
                while (pick >= weights[r]) {
                    pick -= weights[r];
                    r++;
                }
                bytes[i] = (byte) (RANGES[r][0] + random.nextInt(RANGES[r][1] - RANGES[r][0] + 1));
            }
            for (boolean cut : new boolean[] {false, true}) {
                if (Base64Blobs.surelyBinary(bytes, cut)) {
                    shortcuts++;
                    if (!fullyRejected(bytes, cut)) {
                        fail("shortcut rejected text: " + java.util.HexFormat.of().formatHex(bytes) + " cut=" + cut);
                    }
                }
            }
        }
        assertTrue(shortcuts > 100_000, "shortcuts taken: " + shortcuts);
    }

    @Test
    void rejectsMostRandomDigestsWithoutDecoding() {
        Random random = new Random(3);
        int rejected = 0;
        for (int k = 0; k < 10_000; k++) {
            byte[] digest = new byte[16];
            random.nextBytes(digest);
            if (Base64Blobs.surelyBinary(digest, false)) {
                rejected++;
                assertTrue(fullyRejected(digest, false));
            }
        }
        assertTrue(rejected > 9_000, "rejected without decoding: " + rejected);
    }

    @Test
    void textIsNeverShortcut() {
        for (String s : new String[] {"password=hunter2\n", "héllo wörld ünïcode text", "日本語のテキストです", "emoji 😀 ok"}) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(false, Base64Blobs.surelyBinary(bytes, false), s);
            assertEquals(s, Base64Blobs.textual(bytes, false));
        }
    }
}
