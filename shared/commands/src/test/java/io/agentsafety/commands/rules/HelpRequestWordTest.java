package io.agentsafety.commands.rules;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HelpRequest#isWord} answers exactly as the regex it replaced. */
class HelpRequestWordTest {

    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_:-]*");

    @Test
    void agreesWithTheRegex() {
        String alphabet = "aZz09_:-./ \n\u00e9\u212a$";
        Random random = new Random(16);
        int words = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(7); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            boolean expected = WORD.matcher(text).matches();
            words += expected ? 1 : 0;
            assertEquals(expected, HelpRequest.isWord(text.toString()), () -> "text: " + text);
        }
        int both = words;
        assertTrue(both > 2_000 && both < 198_000, () -> "the random texts cover both answers: " + both);
    }
}
