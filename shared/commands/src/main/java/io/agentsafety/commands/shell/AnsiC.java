package io.agentsafety.commands.shell;

/** Decoding of backslash escapes: bash's {@code $'...'} quoting, and the escapes {@code printf}/{@code echo -e} know. */
public final class AnsiC {

    private AnsiC() {
    }

    /** Reads {@code $'...'} from the parser's position (just after {@code $'}) and leaves it after the closing quote. */
    static String decode(String s, ShellParser parser) {
        int pos = parser.position();
        StringBuilder out = new StringBuilder();
        int n = s.length();
        while (pos < n && s.charAt(pos) != '\'') {
            if (s.charAt(pos) == '\\' && pos + 1 < n) {
                pos = unescape(s, pos, out, true);
            } else {
                out.append(s.charAt(pos++));
            }
        }
        if (pos >= n) {
            parser.problem("unterminated $' quote");
        }
        parser.position(Math.min(n, pos + 1));
        return out.toString();
    }

    /** Decodes every backslash escape of {@code text} (printf format / echo -e semantics). */
    public static String unescapeAll(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int pos = 0;
        while (pos < text.length()) {
            if (text.charAt(pos) == '\\' && pos + 1 < text.length()) {
                pos = unescape(text, pos, out, false);
            } else {
                out.append(text.charAt(pos++));
            }
        }
        return out.toString();
    }

    /** Decodes the escape at {@code pos} (a backslash) into {@code out}; returns the position after it. */
    private static int unescape(String s, int pos, StringBuilder out, boolean ansiQuote) {
        char c = s.charAt(pos + 1);
        int i = pos + 2;
        switch (c) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000b');
            case 'e', 'E' -> out.append('\u001b');
            case '\\' -> out.append('\\');
            case '\'' -> out.append('\'');
            case '"' -> out.append('"');
            case '?' -> out.append('?');
            case 'x' -> {
                int end = hexEnd(s, i, 2);
                if (end == i) {
                    out.append("\\x");
                } else {
                    out.append((char) Integer.parseInt(s.substring(i, end), 16));
                }
                i = end;
            }
            case 'u', 'U' -> {
                int end = hexEnd(s, i, c == 'u' ? 4 : 8);
                if (end == i) {
                    out.append('\\').append(c);
                } else {
                    long cp = Long.parseLong(s.substring(i, end), 16);
                    out.appendCodePoint(Character.isValidCodePoint((int) cp) && cp <= Character.MAX_CODE_POINT ? (int) cp : 0xFFFD);
                }
                i = end;
            }
            case 'c' -> {
                if (i < s.length()) {
                    out.append((char) (s.charAt(i) & 0x1f));
                    i++;
                }
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    // $'\NNN' takes up to 3 octal digits; printf's \0NNN takes a leading 0 plus up to 3.
                    int start = !ansiQuote && c == '0' ? i : i - 1;
                    int end = start;
                    while (end < s.length() && end - start < 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                        end++;
                    }
                    out.append(end == start ? '\0' : (char) (Integer.parseInt(s.substring(start, end), 8) & 0xff));
                    i = end;
                } else {
                    out.append('\\').append(c);
                }
            }
        }
        return i;
    }

    private static int hexEnd(String s, int from, int max) {
        int end = from;
        while (end < s.length() && end - from < max && Character.digit(s.charAt(end), 16) >= 0) {
            end++;
        }
        return end;
    }
}
