package io.agentsafety.redaction;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backtracker gives RE2J's NFA answer (match or not, every group) for every row's anchored regex at every start of
 * every example, its case variants and random text; and every anchored row of the built-in table gets one.
 */
class BitStateMatchTest {

    @Test
    void everyAnchoredRowHasABacktracker() {
        for (Detector d : DetectorTable.builtIn().detectors()) {
            if (d.anchor() != Detector.Anchor.WINDOW) {
                assertNotNull(d.anchoredBitState(), d.id() + ": RE2J's program not readable, attempts fall back to the NFA");
            }
        }
    }

    @Test
    void sameMatchAndGroupsAsTheNfaAtEveryStartOfEveryExample() {
        DetectorTable table = DetectorTable.builtIn();
        Map<String, List<String>> texts = new HashMap<>();
        Random random = new Random(7);
        String alphabet = "aZ9_-=:\"'`%&; \t\n\\/@+()[]<>|,";
        for (DetectorTable.Examples e : table.examples()) {
            List<String> all = new ArrayList<>();
            for (String x : e.redact()) {
                all.add(x.replace("«", "").replace("»", ""));
            }
            all.addAll(e.keep());
            List<String> variants = new ArrayList<>();
            for (String x : all) {
                variants.add(x);
                variants.add(x.toUpperCase(Locale.ROOT));
                variants.add(x.toLowerCase(Locale.ROOT));
                // RE2J's case-fold partners of k and s, and a surrogate pair
                variants.add(x.replace('k', '\u212A').replace('s', '\u017F'));
                variants.add(x.replace("e", "\uD83D\uDE00"));
                // mutants: one character replaced, inserted or dropped, so that near-misses are compared too
                for (int m = 0; m < 3 && !x.isEmpty(); m++) {
                    int at = random.nextInt(x.length());
                    char c = alphabet.charAt(random.nextInt(alphabet.length()));
                    variants.add(switch (m) {
                        case 0 -> x.substring(0, at) + c + x.substring(at + 1);
                        case 1 -> x.substring(0, at) + c + x.substring(at);
                        default -> x.substring(0, at) + x.substring(at + 1);
                    });
                }
            }
            texts.put(e.detectorId(), variants);
        }
        int[] counts = new int[2];
        for (Detector d : table.detectors()) {
            // the window rows' regexes too, anchored the way the anchored rows are: more programs to compare on
            Pattern anchored = d.anchor() == Detector.Anchor.WINDOW
                ? Pattern.compile("\\A(?:" + d.pattern().pattern() + ")", d.pattern().flags()) : d.anchoredPattern();
            BitStateMatch backtracker = BitStateMatch.of(anchored);
            assertNotNull(backtracker, d.id());
            for (String text : texts.getOrDefault(d.id(), List.of())) {
                for (int i = 0; i < text.length(); i++) {
                    compare(d.id(), anchored, backtracker, text.substring(i), counts);
                    // a slice ending early, as a window bound cuts it
                    compare(d.id(), anchored, backtracker, text.substring(i, i + (text.length() - i) / 2), counts);
                }
            }
        }
        assertTrue(counts[0] > 100_000 && counts[1] > 2_000, counts[0] + " attempts, " + counts[1] + " matches");
    }

    @Test
    void sameAnswerOnRandomTextAroundEveryKeyword() {
        DetectorTable table = DetectorTable.builtIn();
        Random random = new Random(16);
        String alphabet = "aAzZ09_-.=:\"'`%&;#x2 \t\n\r\\/@+()[]{}<>|,?!$kKsS\u212A\u017F\u00e9\uD83D\uDE00";
        int[] counts = new int[2];
        for (Detector d : table.detectors()) {
            if (d.anchor() == Detector.Anchor.WINDOW) {
                continue;
            }
            BitStateMatch backtracker = d.anchoredBitState();
            for (String keyword : d.keywords()) {
                for (int r = 0; r < 100; r++) {
                    StringBuilder b = new StringBuilder();
                    int before = random.nextInt(4);
                    for (int k = 0; k < before; k++) {
                        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    b.append(r % 2 == 0 ? keyword : keyword.toUpperCase(Locale.ROOT));
                    int after = random.nextInt(60);
                    for (int k = 0; k < after; k++) {
                        // runs of one class now and then, so that quantifiers and values get long inputs
                        b.append(random.nextInt(3) == 0 ? "=" : RandomText.AN.charAt(random.nextInt(RandomText.AN.length())));
                        if (random.nextInt(5) == 0) {
                            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                    }
                    compare(d.id(), d.anchoredPattern(), backtracker, b.toString(), counts);
                }
            }
        }
        assertTrue(counts[0] > 30_000, counts[0] + " attempts");
    }

    @Test
    void givesUpPastItsBitmapAndIsExactBelow() {
        BitStateMatch backtracker = BitStateMatch.of(Pattern.compile("\\Aab*c"));
        assertNotNull(backtracker);
        assertTrue(backtracker.fits(1000));
        assertFalse(backtracker.fits(BitStateMatch.MAX_VISITED_BITS));
        int[] groups = new int[2];
        String longRun = "a" + "b".repeat(BitStateMatch.MAX_VISITED_BITS) + "c";
        assertEquals(BitStateMatch.GAVE_UP, backtracker.lookingAt(longRun, groups));
        // a short match at the start of a long input is still found (the bitmap covers what the run reaches)
        assertEquals(BitStateMatch.MATCH_FOUND, backtracker.lookingAt("abbc" + longRun, groups));
        assertArrayEquals(new int[] {0, 4}, groups);
        assertEquals(BitStateMatch.NO_MATCH, backtracker.lookingAt("abbd" + longRun, groups));
    }

    @Test
    void windowSearchesFromEveryPositionOfEveryExampleGiveTheNfaAnswer() {
        DetectorTable table = DetectorTable.builtIn();
        int searches = 0;
        int matches = 0;
        int rows = 0;
        for (DetectorTable.Examples e : table.examples()) {
            Detector d = table.detectors().stream().filter(x -> x.id().equals(e.detectorId())).findFirst().orElseThrow();
            BitStateMatch backtracker = BitStateMatch.of(d.pattern());
            if (backtracker == null || backtracker.prefix().isEmpty()) {
                continue;
            }
            rows++;
            int n = 2 * (1 + d.pattern().groupCount());
            List<String> all = new ArrayList<>(e.keep());
            e.redact().forEach(x -> all.add(x.replace("«", "").replace("»", "")));
            List<String> texts = new ArrayList<>();
            for (String x : all) {
                texts.add(x);
                texts.add(x + "\n" + x); // a second match after the first
                texts.add(x.substring(0, x.length() / 2) + x); // a broken one before a whole one
                texts.add(x.substring(0, x.length() - 1));
            }
            for (String text : texts) {
                for (int from = 0; from <= text.length(); from++) {
                    int[] nfa = new int[n];
                    int[] bits = new int[n];
                    boolean a = OnePassGroups.find(d.pattern(), text, from, nfa);
                    int b = backtracker.find(text, from, bits);
                    assertTrue(b != BitStateMatch.GAVE_UP, d.id());
                    assertEquals(a, b == BitStateMatch.MATCH_FOUND, d.id() + " from " + from + " of " + text);
                    if (a) {
                        assertArrayEquals(nfa, bits, d.id() + " from " + from + " of " + text);
                        matches++;
                    }
                    searches++;
                }
            }
        }
        assertTrue(rows >= 10 && searches > 20_000 && matches > 2_000, rows + " rows, " + searches + " searches, " + matches + " matches");
    }

    private static void compare(String id, Pattern anchored, BitStateMatch backtracker, String text, int[] counts) {
        int n = 2 * (1 + anchored.groupCount());
        int[] nfa = new int[n];
        int[] bits = new int[n];
        boolean a = OnePassGroups.lookingAt(anchored, text, nfa);
        int found = backtracker.lookingAt(text, bits);
        assertTrue(found != BitStateMatch.GAVE_UP, id);
        boolean b = found == BitStateMatch.MATCH_FOUND;
        assertEquals(a, b, id + " on " + text);
        if (a) {
            assertArrayEquals(nfa, bits, id + " on " + text);
            counts[1]++;
        }
        counts[0]++;
    }
    /**
     * {@link BitStateMatch#openingAscii} may only err towards more characters: no input whose first character lies
     * outside the set matches at its start (RE2J's own {@code lookingAt}), for every row's anchored program at every
     * start of its examples and for value shapes (anchors, case folding, alternations, empty matches).
     */
    @Test
    void openingCharactersNeverRefuseAMatch() {
        DetectorTable table = DetectorTable.builtIn();
        Map<String, List<String>> texts = new HashMap<>();
        List<String> all = new ArrayList<>();
        for (DetectorTable.Examples e : table.examples()) {
            List<String> own = new ArrayList<>();
            for (String x : e.redact()) {
                own.add(x.replace("«", "").replace("»", ""));
            }
            own.addAll(e.keep());
            texts.put(e.detectorId(), own);
            all.addAll(own);
        }
        int[] counts = new int[2];
        for (Detector d : table.detectors()) {
            if (d.anchoredBitState() != null) {
                checkOpenings(d.anchoredPattern(), texts.getOrDefault(d.id(), List.of()), counts);
            }
        }
        List<String> values = new ArrayList<>();
        for (String x : all.subList(0, Math.min(all.size(), 400))) {
            values.add(x);
            values.add(x.toUpperCase(Locale.ROOT));
        }
        values.add("");
        for (String shape : List.of("^[0-9.,:_+\\-/ ]+[a-zA-Z]{0,2}$", "^(?i)data:[a-z]+/", "(?i)abcdefghij|klmnopqrst|0123456789",
            "^\\p{Lu}\\p{L}*(?: \\p{L}+)+[?:]?$", "^(?:~?/|\\./|\\.\\./|[A-Za-z]:\\\\)", "^-{0,2}x?$", "^(?i:k)ey", "\\bword",
            "^.x", "^(?:arn|urn):|^/subscriptions/")) {
            Pattern p = Pattern.compile(shape);
            checkOpenings(Pattern.compile("\\A(?:" + shape + ")\\z"), values, counts);
            checkOpenings(p, values, counts);
        }
        assertTrue(counts[0] > 10_000, counts[0] + " inputs refused by their first character");
    }

    private static void checkOpenings(Pattern pattern, List<String> texts, int[] counts) {
        BitStateMatch backtracker = BitStateMatch.of(pattern);
        if (backtracker == null) {
            return;
        }
        long[] opening = backtracker.openingAscii();
        for (String text : texts) {
            for (int at = 0; at <= text.length() && at < 200; at++) {
                String rest = text.substring(at);
                boolean refused = opening != null && !rest.isEmpty() && rest.charAt(0) < 128
                    && (opening[rest.charAt(0) >>> 6] >>> rest.charAt(0) & 1L) == 0;
                if (refused) {
                    counts[0]++;
                    assertFalse(pattern.matcher(rest).lookingAt(), pattern + " refused at its first character but matches: " + rest);
                } else {
                    counts[1]++;
                }
            }
        }
    }
}
