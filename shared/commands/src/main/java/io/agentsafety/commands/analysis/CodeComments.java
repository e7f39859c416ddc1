package io.agentsafety.commands.analysis;

/**
 * Blanks the comments of Python and Node code before it is searched for the commands it runs, so a note such as
 * {@code # never shutil.rmtree('/')} or {@code // fs.rmSync('/')} is not read as a call. One linear pass that tracks
 * string literals (Python's single, double and triple quotes; JavaScript's quotes and template literals).
 *
 * <p>It fails closed, since hiding code would be a bypass: wherever the pass could lose track of the strings it
 * leaves the whole code as it is — an unterminated string, a Python f-string with {@code {...}} (whose expressions may
 * reuse its quote since 3.12), a JavaScript template literal with {@code ${...}}, and JavaScript code holding a lone
 * {@code /} outside strings (a regular expression or a division, which a scanner cannot tell apart). Ruby and Perl
 * comments are found by InertStrings, which gives up on their regular expressions, quote-like operators and
 * here-documents (where {@code #} is not a comment) and reads {@code $#array} as code.
 * Comments become spaces, so line structure is kept.
 */
final class CodeComments {

    private static final int MAX_CODE = 1 << 20;

    private CodeComments() {
    }

    static String strip(String lang, String code) {
        if (code.length() > MAX_CODE) {
            return code;
        }
        if (lang.equals("python") && code.indexOf('#') >= 0) {
            return python(code);
        }
        if (lang.equals("node") && code.indexOf('/') >= 0) {
            return javascript(code);
        }
        if ((lang.equals("ruby") || lang.equals("perl")) && code.indexOf('#') >= 0) {
            InertStrings.Spans spans = InertStrings.find(lang, code);
            return spans == null ? code : spans.withoutComments(code);
        }
        return code;
    }

    private static String python(String code) {
        StringBuilder out = null;
        int n = code.length();
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                boolean triple = i + 2 < n && code.charAt(i + 1) == c && code.charAt(i + 2) == c;
                int end = triple ? tripleEnd(code, i + 3, c) : lineStringEnd(code, i + 1, c);
                if (end < 0 || formatted(code, i) && code.lastIndexOf('{', end) > i) {
                    return code; // unterminated, or an f-string whose expressions may hold quotes: keep everything
                }
                i = end;
            } else if (c == '#') {
                int eol = lineEnd(code, i);
                out = blank(out, code, i, eol);
                i = eol;
            } else {
                i++;
            }
        }
        return out == null ? code : out.toString();
    }

    private static String javascript(String code) {
        StringBuilder out = null;
        int n = code.length();
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                int end = lineStringEnd(code, i + 1, c);
                if (end < 0) {
                    return code;
                }
                i = end;
            } else if (c == '`') {
                int end = tripleEnd(code, i + 1, '`');
                if (end < 0 || code.substring(i, end).contains("${")) {
                    return code; // an interpolation may hold quotes and comments of its own
                }
                i = end;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                int eol = lineEnd(code, i);
                out = blank(out, code, i, eol);
                i = eol;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int close = code.indexOf("*/", i + 2);
                if (close < 0) {
                    return code;
                }
                out = blank(out, code, i, close + 2);
                i = close + 2;
            } else if (c == '/') {
                return code; // a regular expression or a division: the pass cannot tell, keep everything
            } else {
                i++;
            }
        }
        return out == null ? code : out.toString();
    }

    /** The index after the closing quote of a one-line string, or -1 when the line ends first. */
    private static int lineStringEnd(String code, int from, char quote) {
        return stringEnd(code, from, quote, false);
    }

    /** The index after the closing {@code quote} (a backslash escapes one character), or -1; a line end stops a one-line string. */
    static int stringEnd(String code, int from, char quote, boolean multiline) {
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n' && !multiline) {
                return -1;
            }
        }
        return -1;
    }

    /** The index after a closing triple quote (Python) or backtick (JavaScript), or -1. */
    private static int tripleEnd(String code, int from, char quote) {
        boolean triple = quote != '`';
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote && (!triple || i + 2 < code.length() && code.charAt(i + 1) == quote && code.charAt(i + 2) == quote)) {
                return triple ? i + 3 : i + 1;
            }
        }
        return -1;
    }

    private static int lineEnd(String code, int from) {
        int eol = code.indexOf('\n', from);
        return eol < 0 ? code.length() : eol;
    }

    /** A Python string prefix holding {@code f} ({@code f"}, {@code rf'}, {@code Fr"}...) before the quote at {@code quote}. */
    static boolean formatted(String code, int quote) {
        for (int i = quote - 1; i >= Math.max(0, quote - 2); i--) {
            char c = Character.toLowerCase(code.charAt(i));
            if (c == 'f') {
                return true;
            }
            if (c != 'r' && c != 'b') {
                return false;
            }
        }
        return false;
    }

    private static StringBuilder blank(StringBuilder out, String code, int from, int to) {
        StringBuilder b = out == null ? new StringBuilder(code) : out;
        for (int i = from; i < to; i++) {
            if (b.charAt(i) != '\n') {
                b.setCharAt(i, ' ');
            }
        }
        return b;
    }
}
