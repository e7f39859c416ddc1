package io.agentsafety.commands.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written brace-expansion scan answers exactly as the regex it replaced, on texts built from the characters that matter. */
class BraceExpansionScanTest {

    private static final Pattern REGEX = Pattern.compile("\\{[^{}\\s]*(?:,|\\.\\.)");

    @Test
    void agreesWithTheRegex() {
        String alphabet = "{}{},..a b\t\n\u000B\f\r$x";
        Random random = new Random(16);
        int expanding = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            boolean expected = REGEX.matcher(text).find();
            expanding += expected ? 1 : 0;
            assertEquals(expected, Interpreter.braceExpansion(text.toString()), () -> "text: " + text);
        }
        int both = expanding;
        assertTrue(both > 2_000 && both < 198_000, () -> "the random texts cover both answers: " + both);
        assertTrue(Interpreter.braceExpansion("echo {a,b}"));
        assertTrue(Interpreter.braceExpansion("echo {1..3}"));
        assertFalse(Interpreter.braceExpansion("echo ${GIT_SHA:-dev}"));
        assertFalse(Interpreter.braceExpansion("echo {a b,c}"));
    }
}
