package io.agentsafety.commands.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link Downloads#urls} checks before its URL and bare-host regexes holds for every text those regexes match. */
class DownloadsGateTest {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Pattern BARE_HOST = Pattern.compile(
        "^(?:[a-zA-Z0-9][a-zA-Z0-9.-]*\\.[a-zA-Z]{2,}|localhost|\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+\\])(:\\d+)?(/.*)?$");

    @Test
    void gatesHoldForEveryMatch() {
        String[] stems = {"https://", "s3://", "localhost", "[::1]", "10.0.0.1", "example.com", "a.b", "x", ""};
        String alphabet = "ab0.:/-[]+h\n";
        Random random = new Random(16);
        int schemes = 0;
        int hosts = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) {
                text.append(stems[random.nextInt(stems.length)]);
            }
            for (int i = random.nextInt(8); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = text.toString();
            if (SCHEME.matcher(t).matches()) {
                schemes++;
                assertTrue(t.indexOf("://") > 0, t);
            }
            if (BARE_HOST.matcher(t).matches()) {
                hosts++;
                assertTrue(t.indexOf('.') >= 0 || t.startsWith("localhost") || t.startsWith("["), t);
            }
        }
        int s = schemes;
        int h = hosts;
        assertTrue(s > 1_000 && h > 1_000, () -> "the random texts reach both regexes: " + s + ", " + h);
    }
}
