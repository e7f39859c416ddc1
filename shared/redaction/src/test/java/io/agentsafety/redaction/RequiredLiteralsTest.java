package io.agentsafety.redaction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The regex prefilter may only skip regions where the regex cannot match. */
class RequiredLiteralsTest {

    private static List<String> texts(String regex) {
        RequiredLiterals r = RequiredLiterals.of(Pattern.compile(regex));
        assertNotNull(r, regex);
        List<String> out = new ArrayList<>();
        for (RequiredLiterals.Literal l : r.literals()) {
            out.add((l.foldCase() ? "i:" : "") + l.text());
        }
        return out;
    }

    private static boolean may(String regex, String text) {
        RequiredLiterals r = RequiredLiterals.of(Pattern.compile(regex));
        return r == null || r.mayMatch(text, 0, text.length());
    }

    @Test
    void readsTheRequiredPiecesOfTheSyntax() {
        assertEquals(List.of("abc"), texts("abc"));
        assertEquals(List.of("ab"), texts("x?aby*"));
        assertEquals(List.of("xxxxx"), texts("x{5,}"));
        assertEquals(List.of("xyy"), texts("xy{2}z*"));
        assertEquals(List.of("cat", "dog"), texts("(?:cat|dog)s?"));
        assertEquals(List.of("i:token"), texts("(?i:TOKEN)=[0-9]+"));
        assertEquals(List.of("i:ab"), texts("(?i)ab"));
        assertEquals(List.of("i:secret"), texts("(?P<key>[a-z]*(?i:secret))\\s*=\\s*(?P<secret>\\S+)"));
        assertEquals(List.of("-----BEGIN"), texts("-{5}BEGIN"));
        assertEquals(List.of("a.b"), texts("a\\.b"));
        assertEquals(List.of("{"), texts("\\{[0-9]*\\}"));
        assertEquals(List.of("•"), texts("(?i)•"));
    }

    @Test
    void givesNoConditionWhenAMatchNeedsNoLiteral() {
        assertNull(RequiredLiterals.of(Pattern.compile("[a-z]+")));
        assertNull(RequiredLiterals.of(Pattern.compile("abc|[0-9]+")));
        assertNull(RequiredLiterals.of(Pattern.compile("(?:abc)?x*")));
        assertNull(RequiredLiterals.of(Pattern.compile("a|")));
        assertNull(RequiredLiterals.of(Pattern.compile("\\Qabc\\E")));
        // under (?i) a non-ASCII letter has case partners this analysis does not model
        assertNull(RequiredLiterals.of(Pattern.compile("(?i)é")));
        assertNull(RequiredLiterals.of(Pattern.compile("(?i)\u24D0")));
    }

    @Test
    void staysCheapForAnyRegex() {
        // a required literal's prefix is required too: long literals are cut, so a region costs at most
        // MAX_LITERALS short comparisons per character (request patterns included)
        assertEquals(List.of("-----BEGIN RSA P"), texts("-----BEGIN RSA PRIVATE KEY-----[\\s\\S]*"));
        StringBuilder many = new StringBuilder("(?:w0");
        for (int i = 1; i <= RequiredLiterals.MAX_LITERALS; i++) {
            many.append("|w").append(i);
        }
        assertNull(RequiredLiterals.of(Pattern.compile(many.append(')').toString())));
    }

    @Test
    void caseFoldingFollowsRe2j() {
        assertTrue(may("(?i)token", "my ToKeN here"));
        assertFalse(may("token", "my ToKeN here"));
        assertFalse(may("(?i)token", "my tokn here"));
        // RE2J folds k with the Kelvin sign and s with the long s: such text may match
        assertTrue(Pattern.compile("(?i)key").matcher("\u212Aey").find());
        assertTrue(may("(?i)key", "\u212Aey"));
        assertTrue(Pattern.compile("(?i)pass").matcher("pa\u017Fs").find());
        assertTrue(may("(?i)pass", "pa\u017Fs"));
        assertTrue(may("(?i)", "anything"));
    }

    @Test
    void onlyLooksInsideTheRegion() {
        // the longest required piece is kept: "-Pw", not "7z"
        RequiredLiterals r = RequiredLiterals.of(Pattern.compile("7z\\b.*-Pw"));
        String text = "123Z INFO -Pw x 7z";
        assertTrue(r.mayMatch(text, 0, text.length()));
        assertFalse(r.mayMatch(text, 0, 9));
        assertTrue(r.mayMatch(text, 10, 13));
        assertFalse(r.mayMatch(text, 10, 12));
    }

    /**
     * A String region of {@link RequiredLiterals#MIN_SEARCHED}+ characters is searched with {@code indexOf} when the
     * literals are exact-case and few; the answer must equal the per-character loop's (a StringBuilder takes it).
     */
    @Test
    void theSearchedPathAnswersAsTheLoop() {
        java.util.Random random = new java.util.Random(16);
        String alphabet = "AC7zac0-\n\u00e9\u212A";
        List<String> regexes = List.of("AC[0-9a-f]{32}", "7z\\b.*-Pw", "-----BEGIN RSA PRIVATE KEY-----", "(?:Ac|aC|zz7)x?",
            "\u00e9A|C\u212A", "(?i)ac0");
        int searched = 0;
        for (String regex : regexes) {
            RequiredLiterals r = RequiredLiterals.of(Pattern.compile(regex));
            assertNotNull(r, regex);
            for (int t = 0; t < 2_000; t++) {
                StringBuilder b = new StringBuilder();
                int n = random.nextInt(400);
                for (int i = 0; i < n; i++) {
                    b.append(random.nextInt(8) == 0 && !r.literals().isEmpty()
                        ? r.literals().get(random.nextInt(r.literals().size())).text()
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
                }
                String text = b.toString();
                int from = text.isEmpty() ? 0 : random.nextInt(text.length());
                int to = from + random.nextInt(text.length() - from + 1);
                assertEquals(r.mayMatch(b, from, to), r.mayMatch(text, from, to), regex + " on [" + from + ", " + to + ")");
                if (to - from >= RequiredLiterals.MIN_SEARCHED) {
                    searched++;
                }
            }
        }
        assertTrue(searched > 3_000, "regions long enough to be searched: " + searched);
    }

    /**
     * Soundness on the table itself: wherever a row's regex (or the global allow-list) matches an example, in its
     * case variants too, the match holds one of the row's literals.
     */
    @Test
    void everyMatchOfEveryRowHoldsOneOfItsLiterals() {
        DetectorTable table = DetectorTable.builtIn();
        List<String> samples = new ArrayList<>();
        for (DetectorTable.Examples ex : table.examples()) {
            for (String e : ex.redact()) {
                samples.add(e.replace("«", "").replace("»", ""));
            }
            samples.addAll(ex.keep());
        }
        int withCondition = 0;
        int checked = 0;
        for (Detector d : table.detectors()) {
            RequiredLiterals r = d.required();
            if (r == null) {
                continue;
            }
            withCondition++;
            for (String s : samples) {
                for (String v : List.of(s, s.toUpperCase(Locale.ROOT), s.toLowerCase(Locale.ROOT))) {
                    Matcher m = d.pattern().matcher(v);
                    int from = 0;
                    while (from <= v.length() && m.find(from)) {
                        assertTrue(r.mayMatch(v, m.start(), m.end()), d.id() + " matched without a literal: " + d.id());
                        checked++;
                        from = Math.max(m.end(), m.start() + 1);
                    }
                }
            }
        }
        assertTrue(withCondition >= 300, "rows with a condition: " + withCondition);
        assertTrue(checked > 500, "matches checked: " + checked);
        List<Pattern> rows = table.globalAllow();
        for (String v : List.of("${X}", "{{ secrets.X }}", "xxxxxxxx", "changeme", "your_api_key", "<token>", "%s",
            "[FILTERED]", "x-oauth-basic", "os.environ", "…", "CHANGEME")) {
            boolean allowed = false;
            for (Pattern row : rows) {
                if (row.matcher(v).find()) {
                    allowed = true;
                    RequiredLiterals r = RequiredLiterals.of(row);
                    assertTrue(r == null || r.mayMatch(v, 0, v.length()), v + " / " + row);
                }
            }
            assertTrue(allowed, v);
        }
        for (Pattern row : rows) {
            RequiredLiterals allow = RequiredLiterals.of(row);
            assertNotNull(allow, row.pattern());
            assertFalse(allow.mayMatch("512)", 0, 4), row.pattern());
        }
    }
}
