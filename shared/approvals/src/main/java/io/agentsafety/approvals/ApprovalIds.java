package io.agentsafety.approvals;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Approval ids: {@code apr_} followed by 26 characters of Crockford's base32 alphabet in lower case
 * ({@code 0-9 a-z} without {@code i l o u}), 130 random bits. Ids become parts of Redis keys and URLs, so anything
 * else is refused before it reaches Redis (404 on the routes, 400 in a check request) and never echoed.
 */
public final class ApprovalIds {

    public static final String PREFIX = "apr_";
    public static final String GRAMMAR = "apr_ followed by 26 characters of 0-9 a-z without i, l, o, u";
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Pattern ID = Pattern.compile("apr_[0-9a-hjkmnp-tv-z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApprovalIds() {
    }

    public static String newId() {
        char[] out = new char[26];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(32)];
        }
        return PREFIX + new String(out);
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
