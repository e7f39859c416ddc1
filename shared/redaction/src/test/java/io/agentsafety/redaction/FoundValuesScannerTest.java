package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The every-occurrence scanner skips ahead by the characters ending each position (Wu-Manber): it must still find
 * every occurrence of every value wherever it starts, with no finding elsewhere, for few values (a small skip table)
 * and many (the largest). Checked against a plain indexOf search of the same values.
 */
class FoundValuesScannerTest {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @Test
    void everyOccurrenceAndNothingElseForFewAndManyValues() {
        for (int values : new int[] {1, 3, 40, 600}) {
            for (long seed = 1; seed <= 3; seed++) {
                check(values, seed, 8);
            }
        }
    }

    /** The skip table covers the shortest value's first 8 to 16 characters: each of those prefixes, and past it. */
    @Test
    void everyOccurrenceWhateverTheShortestValue() {
        for (int shortest : new int[] {9, 12, 15, 16, 17, 40}) {
            for (int values : new int[] {1, 40, 600}) {
                check(values, shortest, shortest);
            }
        }
    }

    private static void check(int count, long seed, int shortest) {
        Random r = new Random(seed * 31 + count);
        List<String> values = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            values.add(random(r, (v == 0 ? shortest : shortest + r.nextInt(33))));
        }
        // noise of log-like text and the values at every offset, sometimes back to back or overlapping a shared tail
        StringBuilder text = new StringBuilder();
        while (text.length() < 200_000) {
            int k = r.nextInt(4);
            if (k == 0) {
                text.append(values.get(r.nextInt(count)));
            } else if (k == 1) {
                text.append(random(r, r.nextInt(9)));
            } else {
                text.append(" level=info msg=\"ok\" n=").append(r.nextInt(1000)).append(k == 2 ? '\n' : ' ');
            }
        }
        String s = text.toString();
        FoundValues found = new FoundValues();
        for (String v : values) {
            found.add(v, new Finding("k", 0, v.length(), "d"));
        }
        List<Finding> out = new ArrayList<>();
        found.compile().find(s, out);
        assertEquals(covered(s, values), coveredBy(s, out), count + " values, seed " + seed + ", shortest " + shortest);
    }

    /** Which characters are inside an occurrence of a value (plain indexOf, every start). */
    private static List<Boolean> covered(String s, List<String> values) {
        boolean[] c = new boolean[s.length()];
        for (String v : values) {
            for (int i = s.indexOf(v); i >= 0; i = s.indexOf(v, i + 1)) {
                java.util.Arrays.fill(c, i, i + v.length(), true);
            }
        }
        return asList(c);
    }

    /** Which characters the scanner's findings cover. */
    private static List<Boolean> coveredBy(String s, List<Finding> findings) {
        boolean[] c = new boolean[s.length()];
        for (Finding f : findings) {
            java.util.Arrays.fill(c, f.start(), f.end(), true);
        }
        return asList(c);
    }

    private static List<Boolean> asList(boolean[] c) {
        List<Boolean> list = new ArrayList<>(c.length);
        for (boolean b : c) {
            list.add(b);
        }
        return list;
    }

    private static String random(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        }
        return b.toString();
    }
}
