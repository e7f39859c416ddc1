package io.agentsafety.redaction;

import java.util.Arrays;

/**
 * The decoding layer before detection. One linear pass (a table read per character) finds the candidate
 * spans — base64/base64url runs of plausible length, and lines holding an escape ({@code %XX},
 * {@code \}{@code uXXXX}/{@code \"}…, an HTML entity) or a concatenation of literals — and only those are decoded
 * into {@link DecodedView}s, which the {@link Redactor} scans like text (and decodes again, up to
 * {@link DecodeLimits#maxDepth()}). Text without such spans costs this pass and nothing else.
 */
final class Decoders {

    /** Shortest base64 run decoded: 12 bytes, less than any secret worth a detector. */
    static final int MIN_BASE64 = 16;
    /** Lines up to this length are decoded whole (detectors see the key before the value); longer lines in windows. */
    static final int MAX_LINE = 4096;
    /** Context kept on each side of an escape in a long line. */
    static final int WINDOW_CONTEXT = 256;

    private static final byte B64 = 1;
    private static final byte TRIGGER = 2;
    private static final byte HEXISH = 4;
    private static final byte[] CLASS = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            if (Base64Blobs.alphabet(c)) {
                CLASS[c] |= B64;
            }
            if (Unescaper.hex(c) >= 0 || c == '-') {
                CLASS[c] |= HEXISH;
            }
        }
        for (char c : "%\\&\"'`.".toCharArray()) {
            CLASS[c] |= TRIGGER;
        }
    }

    /** Decoded characters left for this call, over all spans and depths. */
    static final class Budget {
        private long remaining;

        Budget(long chars) {
            this.remaining = chars;
        }

        boolean take(int chars) {
            if (chars > remaining) {
                remaining = 0;
                return false;
            }
            remaining -= chars;
            return true;
        }
    }

    interface Sink {
        void view(DecodedView view);
    }

    private Decoders() {
    }

    /** Every decodable span of {@code text}, decoded, in order of position; stops when the budget runs out. */
    static void decode(CharSequence text, DecodeLimits limits, Budget budget, Sink sink) {
        Spans spans = prefilter(text);
        int n = text.length();
        int b = 0;
        int w = 0;
        // in order of position, so that the budget is spent on the start of the text first
        while (b < spans.base64.size || w < spans.inline.size) {
            boolean base64 = w >= spans.inline.size || (b < spans.base64.size && spans.base64.get(b) <= spans.inline.get(w));
            DecodedView view;
            if (base64) {
                view = Base64Blobs.decode(text, spans.base64.get(b), spans.base64.get(b + 1), spans.base64.get(b + 2), limits);
                b += 3;
            } else {
                view = unescape(text, spans.inline.get(w), Math.min(n, spans.inline.get(w + 1)));
                w += 2;
            }
            if (view != null) {
                if (!budget.take(view.text().length())) {
                    return;
                }
                sink.view(view);
            }
        }
    }

    /** The region with its literals joined and escapes undone; null when neither changed anything. */
    static DecodedView unescape(CharSequence text, int s, int e) {
        MappedText source = MappedText.identity(text, s, e);
        MappedText joined = new MappedText(e - s);
        boolean join = LiteralJoiner.join(source, joined);
        MappedText decoded = new MappedText(e - s);
        int families = Unescaper.unescape(join ? joined : source, decoded);
        if (families == 0) {
            return join ? joined.view("concat") : null;
        }
        StringBuilder via = new StringBuilder();
        if (join) {
            via.append("concat,");
        }
        if ((families & Unescaper.URL) != 0) {
            via.append("url,");
        }
        if ((families & Unescaper.BACKSLASH) != 0) {
            via.append("escape,");
        }
        if ((families & Unescaper.HTML) != 0) {
            via.append("html,");
        }
        via.setLength(via.length() - 1);
        return decoded.view(via.toString());
    }

    /** Candidate spans: base64 runs (start, end, end with padding) and escape regions (start, end). */
    static final class Spans {
        final IntList base64 = new IntList();
        final IntList inline = new IntList();
    }

    static Spans prefilter(CharSequence text) {
        Spans spans = new Spans();
        int n = text.length();
        int runStart = -1;
        boolean hexOnly = true;
        int lineStart = 0;
        int lineWindows = spans.inline.size;
        int winStart = -1;
        int winEnd = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : '\n';
            int cls = c < 128 ? CLASS[c] : 0;
            if ((cls & B64) != 0) {
                if (runStart < 0) {
                    runStart = i;
                    hexOnly = true;
                }
                hexOnly &= (cls & HEXISH) != 0;
                continue;
            }
            if (runStart >= 0) {
                // hex digests and UUIDs are hex, not base64 (and decode to binary anyway)
                if (i - runStart >= MIN_BASE64 && !hexOnly) {
                    int padded = i;
                    while (padded < n && padded < i + 2 && text.charAt(padded) == '=') {
                        padded++;
                    }
                    spans.base64.add(runStart);
                    spans.base64.add(i);
                    spans.base64.add(padded);
                }
                runStart = -1;
            }
            if ((cls & TRIGGER) != 0 && trigger(text, i, n, c)) {
                int ws = Math.max(lineStart, i - WINDOW_CONTEXT);
                if (winStart >= 0 && ws <= winEnd && i + WINDOW_CONTEXT - winStart <= MAX_LINE) {
                    winEnd = i + WINDOW_CONTEXT;
                } else {
                    if (winStart >= 0) {
                        spans.inline.add(winStart);
                        spans.inline.add(winEnd);
                    }
                    winStart = ws;
                    winEnd = i + WINDOW_CONTEXT;
                }
            } else if (c == '\n') {
                if (winStart >= 0) {
                    if (i - lineStart <= MAX_LINE) {
                        // a line of ordinary length is decoded whole, whatever windows it had
                        spans.inline.size = lineWindows;
                        spans.inline.add(lineStart);
                        spans.inline.add(i);
                    } else {
                        spans.inline.add(winStart);
                        spans.inline.add(Math.min(winEnd, i));
                    }
                    winStart = -1;
                }
                lineStart = i + 1;
                lineWindows = spans.inline.size;
            }
        }
        return spans;
    }

    /** Whether the trigger character at {@code i} starts an escape or joins two literals. */
    private static boolean trigger(CharSequence text, int i, int n, char c) {
        switch (c) {
            case '%' -> {
                return i + 2 < n && Unescaper.hex(text.charAt(i + 1)) >= 0 && Unescaper.hex(text.charAt(i + 2)) >= 0;
            }
            case '\\' -> {
                return i + 1 < n && "uxnrtbf\"'/\\`".indexOf(text.charAt(i + 1)) >= 0;
            }
            case '&' -> {
                for (int k = i + 1; k < n && k <= i + 10; k++) {
                    char d = text.charAt(k);
                    if (d == ';') {
                        return k > i + 2;
                    }
                    if (!Character.isLetterOrDigit(d) && d != '#') {
                        return false;
                    }
                }
                return false;
            }
            case '.' -> {
                return i > 0 && i + 8 < n && text.charAt(i + 1) == 'c' && isQuote(text.charAt(i - 1))
                    && text.subSequence(i, i + 8).toString().equals(".concat(");
            }
            default -> {
                // a quote followed by spaces and/or '+' and the same quote: two literals side by side
                int k = i + 1;
                while (k < n && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
                    k++;
                }
                boolean sep = k > i + 1;
                if (k < n && text.charAt(k) == '+') {
                    k++;
                    sep = true;
                    while (k < n && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
                        k++;
                    }
                }
                return sep && k < n && text.charAt(k) == c;
            }
        }
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** A growable int array (the spans of one pass). */
    static final class IntList {
        int[] values = new int[16];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int get(int i) {
            return values[i];
        }
    }
}
