package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The newline index answers as the walk it replaces, for hits in order, repeated, and (falling back) out of order. */
class NewlinesAheadTest {

    private static int walk(CharSequence text, int e, int lines, int maxForward) {
        int limit = (int) Math.min(text.length(), (long) e + maxForward);
        int left = lines;
        for (int i = e; i < limit; i++) {
            if (text.charAt(i) == '\n') {
                if (left == 0) {
                    return i;
                }
                left--;
            }
        }
        return limit;
    }

    @Test
    void sameEndsAsWalkingTheLines() {
        Random random = new Random(41);
        int[][] rows = {{0, 320}, {2, 4096}, {2, 200}, {100_000, 32_768}, {8, 64}, {1, 1}, {0, Integer.MAX_VALUE}};
        NewlinesAhead index = new NewlinesAhead();
        int queries = 0;
        for (int t = 0; t < 300; t++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(t % 10 == 0 ? 20_000 : 600);
            int lineOdds = 1 + random.nextInt(t % 7 == 0 ? 2 : 80);
            for (int i = 0; i < n; i++) {
                b.append(random.nextInt(lineOdds) == 0 ? '\n' : (char) ('a' + random.nextInt(26)));
            }
            String s = b.toString();
            CharSequence text = t % 3 == 0 ? new StringBuilder(s) : s; // the charAt path too
            index.reset(text);
            int e = 0;
            while (e <= s.length()) {
                for (int k = random.nextInt(3); k >= 0; k--) { // several rows at one hit
                    int[] row = rows[random.nextInt(rows.length)];
                    assertEquals(walk(text, e, row[0], row[1]), index.end(e, row[0], row[1]), "hit " + e + " of text " + t);
                    queries++;
                }
                if (random.nextInt(50) == 0 && e > 0) {
                    int back = random.nextInt(e); // out of order: answered by the walk
                    assertEquals(walk(text, back, 2, 4096), index.end(back, 2, 4096));
                }
                e += 1 + random.nextInt(random.nextInt(4) == 0 ? 300 : 5);
            }
            index.clear();
        }
        assertTrue(queries > 15_000, queries + " queries");
    }
}
