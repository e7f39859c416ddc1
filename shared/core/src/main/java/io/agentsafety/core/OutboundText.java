package io.agentsafety.core;

/**
 * How caller-controlled text is made fit to leave the service: scrubbed first (on the whole text, so a secret
 * is seen entire), then stripped of control characters and cut to a bound. Never the other way round: a cut
 * before scrubbing could leave 30 of a token's 36 characters, which no detector recognises any more.
 */
public final class OutboundText {

    /** A field path longer than this is cut (with {@value #ELLIPSIS}): a 1 MB JSON key is not echoed. */
    public static final int MAX_FIELD_PATH = 128;
    /** Problem details and messages (they quote paths and method names) are cut here. */
    public static final int MAX_TEXT = 512;
    public static final String ELLIPSIS = "…";

    private OutboundText() {
    }

    /** Free text (a problem detail, an echoed identifier, a log fragment): scrubbed, one line, bounded. */
    public static String text(String raw, TextScrubber scrubber, int max) {
        if (raw == null) {
            return null;
        }
        return bound(printable(scrubber.scrub(raw)), max);
    }

    /**
     * A JSON field path such as {@code params.<key>} or {@code metadata.<key>[2]}, where each key is the
     * caller's. Scrubbed as a whole (a JWT key has dots of its own), then segment by segment, so a key is also
     * judged as text on its own; token-shaped runs the redactor cannot see are masked
     * ({@link #maskTokenRuns}); characters outside a plain path alphabet become {@code ?} (keys can hold
     * markup or terminal escapes); cut at {@link #MAX_FIELD_PATH}.
     */
    public static String fieldPath(String raw, TextScrubber scrubber) {
        if (raw == null) {
            return null;
        }
        return bound(pathAlphabet(maskTokenRuns(scrubSegments(scrubber.scrub(raw), '.', scrubber))), MAX_FIELD_PATH);
    }

    /**
     * {@code METHOD path} of a request, for a 404/405 detail or an access log: both chosen by the caller.
     * The path is percent-decoded first ({@code password%3D…} must not hide a pair from the redactor), then
     * scrubbed whole and per {@code /} segment, token runs masked, one line, bounded.
     */
    public static String requestLine(String method, String rawPath, TextScrubber scrubber) {
        return requestMethod(method, scrubber) + " " + requestPath(rawPath, scrubber);
    }

    /** A request's method name as it may be shown (any RFC 9110 token is a method, {@code ghp_…} too). */
    public static String requestMethod(String method, TextScrubber scrubber) {
        return bound(printable(maskTokenRuns(scrubber.scrub(method == null ? "" : method))), 32);
    }

    /** A request's path as it may be shown: see {@link #requestLine}. */
    public static String requestPath(String rawPath, TextScrubber scrubber) {
        String path = rawPath == null ? "" : percentDecoded(rawPath);
        return bound(printable(maskTokenRuns(scrubSegments(scrubber.scrub(path), '/', scrubber))), MAX_TEXT / 2);
    }

    /**
     * A secret glued to other letters ({@code {"xghp_…": 1}}, {@code /api/xAKIA…}) has no word boundary, so the
     * redactor's token rows do not fire. Names and paths are not prose: a run of 16+ letters and digits that
     * mixes both and also mixes upper and lower case (or is 32+ long) is token-shaped and is shown as
     * {@value #TOKEN_MARK}. Field names, ids and UUID/hex pieces under that shape are kept.
     */
    public static String maskTokenRuns(String text) {
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            int end = i;
            boolean digit = false;
            boolean upper = false;
            boolean lower = false;
            while (end < text.length() && isAsciiAlnum(text.charAt(end))) {
                char c = text.charAt(end);
                digit |= c >= '0' && c <= '9';
                upper |= c >= 'A' && c <= 'Z';
                lower |= c >= 'a' && c <= 'z';
                end++;
            }
            int length = end - i;
            boolean tokenShaped = length >= 16 && digit && (upper || lower) && ((upper && lower) || length >= 32);
            if (tokenShaped && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(tokenShaped ? TOKEN_MARK : text.substring(i, end));
            }
            if (end < text.length()) {
                if (out != null) {
                    out.append(text.charAt(end));
                }
                end++;
            }
            i = end;
        }
        return out == null ? text : out.toString();
    }

    public static final String TOKEN_MARK = "[REDACTED:token_shaped]";

    /** Lenient %XX decoding as UTF-8 ({@code +} stays: it is a plus in a path); malformed escapes stay as sent. */
    public static String percentDecoded(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                byte[] utf8 = new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(c);
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String scrubSegments(String text, char separator, TextScrubber scrubber) {
        if (text.indexOf(separator) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == separator) {
                out.append(scrubber.scrub(text.substring(start, i)));
                if (i < text.length()) {
                    out.append(separator);
                }
                start = i + 1;
            }
        }
        return out.toString();
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Cuts after {@code max} characters (never inside a surrogate pair) and marks the cut. */
    public static String bound(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + ELLIPSIS;
    }

    /** Control and format characters (newlines, ESC, bidi overrides) become {@code ?}: one line, no tricks. */
    public static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String pathAlphabet(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
            out.append(plain ? c : '?');
        }
        return out.toString();
    }
}
