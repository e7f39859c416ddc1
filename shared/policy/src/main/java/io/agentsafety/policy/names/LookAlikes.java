package io.agentsafety.policy.names;

import java.text.Normalizer;

/**
 * Text as someone reading ASCII takes it: NFKC (fullwidth {@code ｒｍ}, {@code ／}, circled and other compatibility
 * forms) and then each non-ASCII look-alike of the confusables table (Cyrillic {@code ѕ}, {@code о}, Greek
 * {@code ο}...) replaced by the ASCII letter it is drawn like. Used to judge a command a second time as it reads,
 * so a look-alike is never allowed where its ASCII form is not (issue 16).
 */
public final class LookAlikes {

    private static final Confusables CONFUSABLES = Confusables.load();

    private LookAlikes() {
    }

    /** The ASCII reading of {@code text}; the same instance when it has nothing to fold (all ASCII, or null). */
    public static String asciiReading(String text) {
        if (text == null || text.chars().allMatch(c -> c < 0x80)) {
            return text;
        }
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        nfkc.codePoints().forEach(c -> {
            String ascii = c < 0x80 ? null : CONFUSABLES.ascii(c);
            if (ascii == null) {
                out.appendCodePoint(c);
            } else {
                out.append(ascii);
            }
        });
        String reading = out.toString();
        return reading.equals(text) ? text : reading;
    }
}
