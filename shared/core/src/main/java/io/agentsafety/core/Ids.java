package io.agentsafety.core;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Generates opaque ids and validates caller-supplied identifiers such as run ids. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    /**
     * The one grammar of caller-chosen ids (run ids in bodies, query strings and paths, and inside reservation
     * ids). They become parts of Redis keys, URL path segments and log lines: a conservative alphabet, no braces
     * (they would break the {@code {run_id}} hash tag), no whitespace or control characters, and nothing a path
     * could take as structure: no {@code /} (a path route could only take it percent-encoded) and no {@code ..}.
     */
    public static final String GRAMMAR = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}, without \"..\"";
    private static final Pattern IDENTIFIER = Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private Ids() {
    }

    /** A prefixed random id, e.g. {@code dec_3k9...}; 20 base-36 chars = ~103 bits. */
    public static String newId(String prefix) {
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return prefix + "_" + new String(out);
    }

    public static boolean isValidIdentifier(String value) {
        return value != null && value.length() <= 128 && IDENTIFIER.matcher(value).matches();
    }

    public static String identifierRule() {
        return "must be 1-128 characters of letters, digits and . _ : @ - starting with a letter or digit, without \"..\"";
    }
}
