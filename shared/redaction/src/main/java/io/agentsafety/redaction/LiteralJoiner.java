package io.agentsafety.redaction;

/**
 * Joins string literals concatenated on one line — {@code "ab" + "cd"}, {@code 'ab'.concat('cd')},
 * also across one line break beside the {@code +} —
 * adjacent literals ({@code "ab" "cd"}, Python's and C's implicit concatenation) — into one literal, so a
 * secret split to dodge scanners is seen whole; each piece keeps its own source span, so the finding
 * redacts every piece. Adjacent literals without an operator are joined only when neither holds
 * whitespace: quoted fields of a log line ({@code "GET / HTTP/1.1" "Mozilla/5.0 (X11)"}) are not code. Literals
 * glued without anything between them ({@code 'ab''cd'}, {@code "Bearer "'cd'}: one shell word of quoted halves; also
 * Python's and C's implicit concatenation) are joined whatever they hold, and may mix quote characters.
 * A backslash-escaped quote does not end a literal.
 */
final class LiteralJoiner {

    private LiteralJoiner() {
    }

    /** Whether any literals were joined into {@code out} (which is otherwise a copy of {@code in}). */
    static boolean join(MappedText in, MappedText out) {
        CharSequence t = in.text();
        int n = t.length();
        boolean joined = false;
        int i = 0;
        while (i < n) {
            char q = t.charAt(i);
            int close = isQuote(q) ? closing(t, i, n) : -1;
            if (close < 0) {
                out.appendFrom(in, i);
                i++;
                continue;
            }
            // copy the first literal without its closing quote, then each joined continuation's content
            for (int k = i; k < close; k++) {
                out.appendFrom(in, k);
            }
            boolean spaced = hasSpace(t, i + 1, close);
            int end = close;
            while (true) {
                int open = continuation(t, end + 1, n, q);
                if (open < 0) {
                    break;
                }
                boolean operator = hasOperator(t, end + 1, open);
                boolean glued = open == end + 1;
                int next = closing(t, open, n);
                if (next < 0 || (!operator && !glued && (spaced || hasSpace(t, open + 1, next)))) {
                    break;
                }
                for (int k = open + 1; k < next; k++) {
                    out.appendFrom(in, k);
                }
                joined = true;
                spaced = hasSpace(t, open + 1, next);
                end = next;
            }
            out.appendFrom(in, end);
            i = end + 1;
        }
        return joined;
    }

    /**
     * A literal opening right at {@code from}, after a closing quote at {@code from - 1}: a single or double quote
     * followed by a character that starts a value (not a separator, blank or quote), so that the empty literals of
     * {@code "":""} or {@code '', ''} are not taken for glued halves.
     */
    static boolean glued(CharSequence t, int from, int n) {
        if (from + 1 >= n || (t.charAt(from) != '\'' && t.charAt(from) != '"')) {
            return false;
        }
        char c = t.charAt(from + 1);
        return Character.isLetterOrDigit(c) || "-_./+=~!@#%^&*$".indexOf(c) >= 0;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** The closing quote of the literal opened at {@code open}, on the same line; -1 when none. */
    private static int closing(CharSequence t, int open, int n) {
        char q = t.charAt(open);
        for (int k = open + 1; k < n; k++) {
            char c = t.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == q) {
                return k;
            } else if (c == '\n' || c == '\r') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * After a closing quote at {@code from - 1}: spaces, then {@code +} or {@code .concat(} / {@code ).concat(} (or nothing but
     * at least one space), then spaces and the same quote opening the next literal; its index, else -1.
     */
    private static int continuation(CharSequence t, int from, int n, char q) {
        if (glued(t, from, n)) {
            return from;
        }
        int plus = plusContinuation(t, from, n, q);
        if (plus >= 0) {
            return plus;
        }
        int k = CharSequences.skipBlanks(t, from, n);
        boolean sep = k > from;
        if (k == from && CharSequences.startsWith(t, k, n, ".concat(")) {
            k = CharSequences.skipBlanks(t, k + 8, n);
            sep = true;
        } else if (k == from && CharSequences.startsWith(t, k, n, ").concat(")) {
            // a chain: 'a'.concat('b').concat('c')
            k = CharSequences.skipBlanks(t, k + 9, n);
            sep = true;
        }
        return sep && k < n && t.charAt(k) == q ? k : -1;
    }

    /**
     * After a closing quote at {@code from - 1}: a {@code +} and the same quote opening the next literal, on this line or
     * across one line break on either side of the {@code +} ({@code "ab" +⏎  "cd"}, Java's {@code "ab"⏎  + "cd"});
     * the next literal's opening quote, else -1.
     */
    static int plusContinuation(CharSequence t, int from, int n, char q) {
        int k = CharSequences.skipBlanks(t, from, n);
        if (k < n && t.charAt(k) == '+') {
            k = CharSequences.skipBlanks(t, k + 1, n);
            k = CharSequences.skipBlanks(t, afterLineBreak(t, k, n), n);
        } else {
            int b = afterLineBreak(t, k, n);
            if (b == k) {
                return -1;
            }
            k = CharSequences.skipBlanks(t, b, n);
            if (k >= n || t.charAt(k) != '+') {
                return -1;
            }
            k = CharSequences.skipBlanks(t, k + 1, n);
        }
        return k < n && t.charAt(k) == q ? k : -1;
    }

    private static int afterLineBreak(CharSequence t, int k, int n) {
        if (k < n && t.charAt(k) == '\n') {
            return k + 1;
        }
        return k + 1 < n && t.charAt(k) == '\r' && t.charAt(k + 1) == '\n' ? k + 2 : k;
    }

    private static boolean hasOperator(CharSequence t, int from, int to) {
        for (int k = from; k < to; k++) {
            if (t.charAt(k) == '+' || t.charAt(k) == '(') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSpace(CharSequence t, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Character.isWhitespace(t.charAt(k))) {
                return true;
            }
        }
        return false;
    }
}
