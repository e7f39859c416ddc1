package io.agentsafety.redaction;

/**
 * Text spelled as character codes: a list of at least {@link #MIN_CODES} numbers that are all printable ASCII
 * ({@code String.fromCharCode(115,107,…)}, {@code bytes([115, 107, …])}, {@code new byte[]{…}}, hex {@code 0x73}
 * items too) and chains of {@code chr(115)+chr(107)…} (Python, PHP/Perl with {@code .}, VB with {@code &}). The
 * line is rewritten with each such expression — its callee included — replaced by the decoded text in double
 * quotes, so a label before it ({@code password = …}) reads as an ordinary assignment; each decoded character keeps
 * the span from its code to the next one, so a finding redacts the codes as one piece.
 *
 * <p>Candidates start at a bracket ({@link #triggers}); a list stops being one at its first number outside
 * 32-126, so arrays of pixels, ports or binary bytes are rejected after a few reads.
 */
final class CharCodes {

    static final int MIN_CODES = 8;

    private CharCodes() {
    }

    /** The brackets a code list or a chr() call opens with. */
    private static final char[] OPENING = {'(', '[', '{'};

    /**
     * Positions of the expressions: the opening bracket of a code list, the {@code c} of a chain's first {@code chr(}.
     * Both start at a bracket, found by {@link String#indexOf} (three vectorised passes, ~0.2 ms per MB of log); a
     * bracket is a candidate only when a digit follows it or {@code chr} precedes it. A search for {@code "chr("}
     * itself cost three times the three passes, a skipping scan over digits and commas twice (it mispredicts on logs).
     */
    static void triggers(String text, CharPresence present, Decoders.IntList out) {
        int n = text.length();
        for (char open : OPENING) {
            for (int i = present.indexOf(text, open); i >= 0; i = text.indexOf(open, i + 1)) {
                int k = skipSpaces(text, i + 1, n);
                if (k < n && isDigit(text.charAt(k))) {
                    if (codeList(text, k, n, null) > 0) {
                        out.add(i);
                    } else if (open == '(' && i >= 3 && mayEndChr(text.charAt(i - 1)) && text.regionMatches(true, i - 3, "chr", 0, 3)) {
                        int end = chrChain(text, i - 3, n, null);
                        if (end > 0) {
                            out.add(i - 3);
                            i = end - 1;
                        }
                    }
                }
            }
        }
    }

    /**
     * A necessary condition for {@code chr} to end at {@code c} under {@link String#regionMatches(boolean, int, String, int, int)}:
     * among ASCII only {@code r} and {@code R} fold to {@code r}; any other character is left to the full comparison.
     * It refuses most of the ~25 K brackets before a digit per 10 MiB of the mixed log ({@code (12 ms)}) with one read.
     */
    static boolean mayEndChr(char c) {
        return (c | 0x20) == 'r' || c >= 128;
    }

    /** The region with every code expression decoded; null when none is there after all. */
    static DecodedView decode(CharSequence text, int s, int e) {
        MappedText out = new MappedText(e - s);
        boolean changed = false;
        int i = s;
        while (i < e) {
            char c = text.charAt(i);
            int end = -1;
            if (c == '[' || c == '{' || c == '(') {
                int k = skipSpaces(text, i + 1, e);
                if (k < e && isDigit(text.charAt(k))) {
                    int listEnd = codeList(text, k, e, null);
                    if (listEnd > 0) {
                        dropCallee(out, s);
                        end = emitList(text, k, listEnd, e, out);
                    }
                }
            } else if ((c == 'c' || c == 'C') && chrChain(text, i, e, null) > 0) {
                end = emitChain(text, i, e, out);
            }
            if (end > 0) {
                changed = true;
                i = end;
            } else {
                out.append(c, i, i + 1);
                i++;
            }
        }
        return changed ? out.view("charcodes") : null;
    }

    /**
     * End of the list of codes starting at {@code k} (after its last number) when it holds at least
     * {@link #MIN_CODES} numbers, all printable ASCII, separated by commas; else -1. {@code sink} gets each code.
     */
    private static int codeList(CharSequence t, int k, int n, CodeSink sink) {
        int count = 0;
        int i = k;
        while (true) {
            int numStart = i;
            long v = 0;
            int digits = 0;
            boolean hex = i + 1 < n && t.charAt(i) == '0' && (t.charAt(i + 1) == 'x' || t.charAt(i + 1) == 'X');
            if (hex) {
                i += 2;
            }
            while (i < n && digits < 5 && (hex ? Unescaper.hex(t.charAt(i)) >= 0 : isDigit(t.charAt(i)))) {
                v = v * (hex ? 16 : 10) + (hex ? Unescaper.hex(t.charAt(i)) : t.charAt(i) - '0');
                digits++;
                i++;
            }
            if (digits == 0 || v < 32 || v > 126 || i < n && Character.isLetterOrDigit(t.charAt(i))) {
                return -1;
            }
            if (sink != null) {
                sink.code((char) v, numStart);
            }
            count++;
            int numEnd = i;
            int j = skipSpaces(t, i, n);
            if (j < n && t.charAt(j) == ',') {
                int next = skipSpaces(t, j + 1, n);
                if (next < n && isDigit(t.charAt(next))) {
                    i = next;
                    continue;
                }
            }
            return count >= MIN_CODES ? numEnd : -1;
        }
    }

    /** End of a chain of at least {@link #MIN_CODES} {@code chr(N)} joined by + . or &amp;; else -1. */
    private static int chrChain(CharSequence t, int i, int n, CodeSink sink) {
        int count = 0;
        int end = -1;
        int k = i;
        while (k + 4 < n && (t.charAt(k) == 'c' || t.charAt(k) == 'C') && (t.charAt(k + 1) == 'h' || t.charAt(k + 1) == 'H')
            && (t.charAt(k + 2) == 'r' || t.charAt(k + 2) == 'R') && t.charAt(k + 3) == '(') {
            int d = k + 4;
            long v = 0;
            int digits = 0;
            while (d < n && digits < 4 && isDigit(t.charAt(d))) {
                v = v * 10 + t.charAt(d) - '0';
                digits++;
                d++;
            }
            if (digits == 0 || d >= n || t.charAt(d) != ')' || v < 32 || v > 126) {
                break;
            }
            if (sink != null) {
                sink.code((char) v, k);
            }
            count++;
            end = d + 1;
            int j = skipSpaces(t, end, n);
            if (j < n && (t.charAt(j) == '+' || t.charAt(j) == '.' || t.charAt(j) == '&')) {
                k = skipSpaces(t, j + 1, n);
            } else {
                break;
            }
        }
        return count >= MIN_CODES ? end : -1;
    }

    private interface CodeSink {
        void code(char c, int at);
    }

    /** Writes "decoded" for the list at [k, listEnd) and its closing bracket; returns where the original resumes. */
    private static int emitList(CharSequence t, int k, int listEnd, int e, MappedText out) {
        int open = k - 1;
        emitQuoted(out, listEnd, sink -> codeList(t, k, e, sink), open);
        int close = skipSpaces(t, listEnd, e);
        return close < e && (t.charAt(close) == ']' || t.charAt(close) == '}' || t.charAt(close) == ')') ? close + 1 : listEnd;
    }

    private static int emitChain(CharSequence t, int i, int e, MappedText out) {
        int end = chrChain(t, i, e, null);
        emitQuoted(out, end, sink -> chrChain(t, i, e, sink), i);
        return end;
    }

    /**
     * "decoded": each character spans from its code to the next code (the last one to {@code end}), so the pieces
     * of one finding touch and coalesce; the quotes take the span of the first and the last code.
     */
    private static void emitQuoted(MappedText out, int end, java.util.function.Consumer<CodeSink> codes, int quoteAt) {
        StringBuilder chars = new StringBuilder();
        Decoders.IntList at = new Decoders.IntList();
        codes.accept((c, pos) -> {
            chars.append(c);
            at.add(pos);
        });
        int first = at.get(0);
        out.append('"', first, first + 1);
        for (int k = 0; k < chars.length(); k++) {
            int to = k + 1 < at.size ? at.get(k + 1) : end;
            out.append(chars.charAt(k), at.get(k), to);
        }
        out.append('"', end - 1, end);
    }

    /**
     * Takes back the callee already copied before the bracket ({@code String.fromCharCode}, {@code bytes(},
     * {@code new byte[]}, {@code []byte}, {@code vec!}): the decoded string stands where the expression stood.
     */
    private static void dropCallee(MappedText out, int regionStart) {
        int n = out.length();
        int k = n;
        while (k > 0 && (Character.isLetterOrDigit(out.charAt(k - 1)) || "._$![]".indexOf(out.charAt(k - 1)) >= 0
            || out.charAt(k - 1) == '(' && k == n)) {
            k--;
        }
        // "new byte[]" / "bytes([": the keyword and an outer call's bracket go too
        int w = k;
        while (w > 0 && out.charAt(w - 1) == ' ') {
            w--;
        }
        if (w >= 3 && out.text().subSequence(w - 3, w).toString().equals("new") && (w == 3 || !Character.isLetterOrDigit(out.charAt(w - 4)))) {
            k = w - 3;
        }
        out.truncate(k);
    }

    private static int skipSpaces(CharSequence t, int i, int n) {
        while (i < n && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
