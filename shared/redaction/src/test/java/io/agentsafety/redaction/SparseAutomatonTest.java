package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sparse automaton reports exactly what the dense one does, in memory linear in the patterns. */
class SparseAutomatonTest {

    @Test
    void reportsTheSameOccurrencesAsTheDenseAutomaton() {
        Random r = new Random(7);
        String alphabet = "abAB\u00e9\u20ac-";
        for (int round = 0; round < 300; round++) {
            List<String> patterns = new ArrayList<>();
            int n = 1 + r.nextInt(12);
            for (int i = 0; i < n; i++) {
                patterns.add(random(r, alphabet, 1 + r.nextInt(6)));
            }
            String text = random(r, alphabet, 200);
            boolean fold = r.nextBoolean();
            List<String> dense = hits(KeywordAutomaton.build(patterns, fold)::scan, text);
            List<String> sparse = hits(SparseAutomaton.build(patterns, fold)::scanAll, text);
            assertEquals(normalise(dense, patterns), normalise(sparse, patterns), "patterns " + patterns + " fold " + fold);
        }
    }

    /** Every ASCII character in some pattern (129 character classes in the dense table, the most it can have). */
    @Test
    void reportsTheSameOccurrencesWhenPatternsUseEveryAsciiCharacter() {
        Random r = new Random(9);
        StringBuilder ascii = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            ascii.append(c);
        }
        String alphabet = ascii + "\u00e9\u212a";
        for (int round = 0; round < 50; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < 128; i += 4) {
                patterns.add(ascii.substring(i, i + 4));
            }
            for (int i = 0; i < 20; i++) {
                patterns.add(random(r, alphabet, 1 + r.nextInt(3)));
            }
            String text = random(r, alphabet, 2000);
            boolean fold = round % 2 == 0;
            List<String> dense = hits(KeywordAutomaton.build(patterns, fold)::scan, text);
            List<String> sparse = hits(SparseAutomaton.build(patterns, fold)::scanAll, text);
            assertEquals(normalise(dense, patterns), normalise(sparse, patterns), "fold " + fold);
            assertTrue(!dense.isEmpty());
        }
    }

    @Test
    void longestModeReportsTheLongestPatternEndingAtEachPosition() {
        Random r = new Random(11);
        for (int round = 0; round < 300; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(10); i++) {
                patterns.add(random(r, "ab", 1 + r.nextInt(5)));
            }
            String text = random(r, "ab", 100);
            Map<Integer, Integer> longest = new HashMap<>();
            KeywordAutomaton.build(patterns, false).scan(text, 0, text.length(), (p, s, e) -> longest.merge(e, e - s, Math::max));
            Map<Integer, Integer> reported = new HashMap<>();
            SparseAutomaton.build(patterns, false).scanLongest(text, 0, text.length(), (p, s, e) -> {
                assertEquals(patterns.get(p), text.substring(s, e));
                assertEquals(null, reported.put(e, e - s), "one hit per end position");
            });
            assertEquals(longest, reported);
        }
    }

    @Test
    void statesAreLinearInThePatternLength() {
        Random r = new Random(3);
        String value = random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 64 * 1024);
        List<SecretValues.Literal> forms = SecretValues.forms(value, "x", "t");
        long total = forms.stream().mapToLong(l -> l.form().length()).sum();
        SparseAutomaton automaton = SparseAutomaton.build(forms.stream().map(SecretValues.Literal::form).toList(), false);
        assertTrue(automaton.states() <= total + 1, automaton.states() + " states for " + total + " characters");
        // every form of one value: raw, 7 base64 variants, url-encoded, 2 hex: about 15x the value
        assertTrue(total <= 16L * value.length(), total + " form characters for a value of " + value.length());
    }

    /**
     * A String of eight quarters or more is scanned in four interleaved chains: the same hits in the same order as the
     * one chain a {@link StringBuilder} goes through, for texts that end anywhere in a segment, patterns up to 40
     * characters long (occurrences straddle the quarters' and the copied pieces' boundaries) and characters outside ASCII.
     */
    @Test
    void chainsReportWhatOnePassDoesInTheSameOrder() {
        Random r = new Random(13);
        String alphabet = "abcAB-\u00e9\u20ac";
        for (int round = 0; round < 12; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(30); i++) {
                patterns.add(random(r, alphabet, 1 + r.nextInt(round % 3 == 0 ? 40 : 5)));
            }
            // long patterns occur only where planted
            StringBuilder b = new StringBuilder();
            int length = 8 * KeywordAutomaton.QUARTER + r.nextInt(10 * KeywordAutomaton.QUARTER);
            while (b.length() < length) {
                b.append(r.nextInt(50) == 0 ? patterns.get(r.nextInt(patterns.size())) : random(r, alphabet, 1 + r.nextInt(8)));
            }
            String text = b.toString();
            boolean fold = r.nextBoolean();
            KeywordAutomaton automaton = KeywordAutomaton.build(patterns, fold);
            List<String> chains = hits(automaton::scan, text);
            List<String> onePass = new ArrayList<>();
            automaton.scan(new StringBuilder(text), 0, text.length(), (p, s, e) -> onePass.add(p + "@" + s + "-" + e));
            assertEquals(onePass, chains, "round " + round);
            assertTrue(onePass.size() > 100, "round " + round + ": " + onePass.size() + " hits");
            int from = r.nextInt(2 * KeywordAutomaton.QUARTER);
            List<String> part = new ArrayList<>();
            automaton.scan(text, from, text.length() - 3, (p, s, e) -> part.add(p + "@" + s + "-" + e));
            List<String> partOnePass = new ArrayList<>();
            automaton.scan(new StringBuilder(text), from, text.length() - 3, (p, s, e) -> partOnePass.add(p + "@" + s + "-" + e));
            assertEquals(partOnePass, part, "round " + round + " from " + from);
        }
    }

    private static String random(Random r, String alphabet, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static List<String> hits(Redactor.KeywordScan scan, String text) {
        List<String> out = new ArrayList<>();
        scan.scan(text, 0, text.length(), (p, s, e) -> out.add(p + "@" + s + "-" + e));
        return out;
    }

    /** Duplicate patterns may be reported under either index: compare by pattern text. */
    private static List<String> normalise(List<String> hits, List<String> patterns) {
        List<String> out = new ArrayList<>();
        for (String h : hits) {
            int at = h.indexOf('@');
            out.add(patterns.get(Integer.parseInt(h.substring(0, at))).toLowerCase() + h.substring(at));
        }
        out.sort(null);
        return out.stream().distinct().toList();
    }
}
