package io.agentsafety.core;

/**
 * JSON string literals for the few places that write JSON by hand (AWS JSON request bodies, the JSON log layout):
 * RFC 8259 escapes, plus U+2028/U+2029 so one written line stays one line for any reader.
 * ({@code CanonicalJson} in shared/approvals keeps its own: its exact bytes are hashed and stored.)
 */
public final class JsonText {

    private JsonText() {
    }

    /** {@code s} as a quoted JSON string. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        append(out, s);
        return out.toString();
    }

    /** Appends {@code s} to {@code out} as a quoted JSON string. */
    public static void append(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
