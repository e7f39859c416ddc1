package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoders' lookup tables answer as the range tests they replaced, for every char and every byte; their cheap
 * necessary conditions hold wherever the full test they guard does.
 */
class DecoderTablesTest {

    @Test
    void hexDigitValuesForEveryChar() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char ch = (char) c;
            int expected = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            assertEquals(expected, Unescaper.hex(ch), "char " + c);
        }
    }

    @Test
    void badBytesForEveryByteAndStart() {
        for (int v = 0; v < 256; v++) {
            for (boolean start : new boolean[] {false, true}) {
                int expected;
                if (v < 0x80) {
                    expected = (v < 0x20 && v != '\t' && v != '\n' && v != '\r') || v == 0x7F ? 1 : 0;
                } else {
                    expected = v == 0xC0 || v == 0xC1 || v >= 0xF5 || (start && v < 0xC0) ? 1 : 0;
                }
                assertEquals(expected, Base64Blobs.bad(v, start), "byte " + v + " start " + start);
            }
        }
    }

    @Test
    void chrPrecheckHoldsWhereverTheCaseInsensitiveComparisonDoes() {
        int passed = 0;
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char ch = (char) c;
            String candidate = "ch" + ch + "(";
            if (candidate.regionMatches(true, 0, "chr", 0, 3)) {
                assertTrue(CharCodes.mayEndChr(ch), "char " + c);
            }
            if (CharCodes.mayEndChr(ch)) {
                passed++;
            }
        }
        // refuses every ASCII character but r and R
        assertEquals(2 + (Character.MAX_VALUE + 1 - 128), passed);
    }
}
