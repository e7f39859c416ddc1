package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ValueChecks' shape regexes run behind their required literals: the guard may only skip a regex that could not have
 * matched. Checked for every shape on every token of the detector table and the value-word lists (and their case
 * variants, and values written to match each shape): the guarded answer equals the regex's own.
 */
class ValueShapesTest {

    @Test
    void guardedShapesAnswerAsTheirRegexes() throws Exception {
        Set<String> values = values();
        int shapes = 0;
        int matched = 0;
        for (Field f : ValueChecks.class.getDeclaredFields()) {
            if (f.getType() != ValueChecks.Shape.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            ValueChecks.Shape shape = (ValueChecks.Shape) f.get(null);
            shapes++;
            for (String v : values) {
                boolean matches = shape.pattern().matches(v);
                boolean found = shape.pattern().matcher(v).find();
                assertEquals(matches, shape.matches(v), f.getName() + " matches " + v);
                assertEquals(found, shape.find(v), f.getName() + " find " + v);
                matched += found ? 1 : 0;
            }
        }
        assertTrue(shapes >= 29 && matched > 1000, shapes + " shapes, " + matched + " matches over " + values.size() + " values");
    }

    /** Every token of the detector table and the value-word lists, their case variants, written and random values. */
    private static Set<String> values() throws IOException {
        Set<String> values = new LinkedHashSet<>(List.of("123-45", "12.5 ms", "-verbose", ".qualifier", "ABCDEFGHIJ", "x0123456789",
            "(?i)abc", "[^a-z]", "\\d+", "a{2,3}", "[a-z]", "(a, b)", "--opt=", "-o", "Content-Type", ":name:", "name:", "camelCase",
            "CamelCase", "hmac-sha256", "SHA-256", "sha256:abcdef", "md5=x", "https://x.y/z", "s3://b", "/usr/bin", "./x", "../x",
            "C:\\x", "~/x", "data:text/plain", "DATA:image/png", "a/b/c", "lib/x.so/", "\u212Aey", "\u017Fha256:x"));
        for (String resource : List.of(DetectorTable.RESOURCE, "/io/agentsafety/redaction/value-words.yaml")) {
            try (InputStream in = ValueShapesTest.class.getResourceAsStream(resource)) {
                for (String token : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("[\\s'\"«»,]+")) {
                    values.add(token);
                    values.add(token.toUpperCase(Locale.ROOT));
                    values.add(token.toLowerCase(Locale.ROOT));
                }
            }
        }
        values.addAll(randomValues(4000, 11));
        return values;
    }

    /** The hand-written splits and counts answer as the regex split and the stream count they replaced. */
    @Test
    void handLoopsAnswerAsTheirStreamForms() {
        java.util.regex.Pattern nonAlnum = java.util.regex.Pattern.compile("[^A-Za-z0-9]+");
        List<String> values = randomValues(20000, 12);
        values.addAll(List.of("", "-", "--a--b--", "a", "aaaaaaaa", "abababababababab", "abcabcabcabcabcabcabcabc", "\uD83D\uDE00\uD83D\uDE01x"));
        int repetitive = 0;
        for (String v : values) {
            List<String> parts = java.util.Arrays.stream(nonAlnum.split(v)).filter(p -> !p.isEmpty()).toList();
            assertEquals(parts, ValueChecks.alnumParts(v), v);
            boolean expected = v.chars().distinct().count() <= Math.max(2, v.length() / 8);
            assertEquals(expected, ValueChecks.isRepetitive(v), v);
            repetitive += expected ? 1 : 0;
        }
        assertTrue(repetitive > 100 && repetitive < values.size() - 100, repetitive + " repetitive of " + values.size());
    }

    /**
     * Values of every length up to 120 over alphabets that reach deep into the shapes: one case with digits, base64,
     * identifiers with dots and brackets, words with spaces, few distinct characters, and non-ASCII case partners and
     * a surrogate pair.
     */
    static List<String> randomValues(int count, long seed) {
        String[] alphabets = {"abcdefghijklmnopqrstuvwxyz0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
            "abcXYZ_$@.:->[]()'\"", "Hello world, this is: a Test.!?' ", "ab-_.:/", "aA1", "sha256md5-=:/~ \u212A\u017F\u00e9",
            "0123456789abcdef-", "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789", "xX*.\u2026\uD83D\uDE00%{}"};
        java.util.Random random = new java.util.Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            int length = random.nextInt(121);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            out.add(b.toString());
        }
        return out;
    }
}
