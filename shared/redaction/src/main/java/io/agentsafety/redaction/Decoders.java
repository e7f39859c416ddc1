package io.agentsafety.redaction;

import java.util.Arrays;

/**
 * The decoding layer before detection. A prefilter finds the candidate spans in linear time (a skipping
 * scan and {@link String#indexOf}) — base64/base64url runs of plausible length, and lines holding an escape ({@code %XX},
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
    private static final byte HEXISH = 2;
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
    static void decode(CharSequence chars, DecodeLimits limits, Budget budget, Sink sink) {
        String text = chars.toString();
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
                if (view == null) {
                    view = Base32Blobs.decode(text, spans.base64.get(b), spans.base64.get(b + 1), spans.base64.get(b + 2), limits);
                }
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
        WrappedBlocks.decode(text, spans, limits, budget, sink);
        regions(text, spans.compatibility, budget, sink, CompatibilityForms::decode);
        regions(text, spans.charCodes, budget, sink, CharCodes::decode);
        regions(text, spans.tables, budget, sink, TableColumns::decode);
        regions(text, spans.shell, budget, sink, ShellLiterals::decode);
        regions(text, spans.quotedPrintable, budget, sink, QuotedPrintable::decode);
        regions(text, spans.sqlInserts, budget, sink, SqlInsertRows::decode);
    }

    private interface RegionDecoder {
        DecodedView decode(CharSequence text, int s, int e);
    }

    private static void regions(String text, IntList regions, Budget budget, Sink sink, RegionDecoder decoder) {
        for (int k = 0; k < regions.size; k += 2) {
            DecodedView view = decoder.decode(text, regions.get(k), regions.get(k + 1));
            if (view != null) {
                if (!budget.take(view.text().length())) {
                    return;
                }
                sink.view(view);
            }
        }
    }

    /**
     * The region decoded around a trigger at {@code at}: its whole line up to {@link #MAX_LINE} characters (the label
     * before a value is seen), else a window of {@link #WINDOW_CONTEXT} characters on each side within the line.
     */
    static int[] lineAround(CharSequence text, int at) {
        String s = text.toString();
        int lineStart = s.lastIndexOf('\n', at) + 1;
        int lineEnd = s.indexOf('\n', at);
        lineEnd = lineEnd < 0 ? s.length() : lineEnd;
        if (lineEnd - lineStart <= MAX_LINE) {
            return new int[] {lineStart, lineEnd};
        }
        return new int[] {Math.max(lineStart, at - WINDOW_CONTEXT), Math.min(lineEnd, at + WINDOW_CONTEXT)};
    }

    /** Sorted trigger positions → regions (start, end) of their lines, merged where they overlap. */
    private static void lineRegions(String text, IntList triggers, IntList out) {
        Arrays.sort(triggers.values, 0, triggers.size);
        int lastEnd = -1;
        for (int k = 0; k < triggers.size; k++) {
            int t = triggers.get(k);
            if (t < lastEnd) {
                continue;
            }
            int[] r = lineAround(text, t);
            out.add(r[0]);
            out.add(r[1]);
            lastEnd = r[1];
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

    /** Candidate spans: base64 runs (start, end, end with padding), hex runs (start, end) and escape regions (start, end). */
    static final class Spans {
        final IntList base64 = new IntList();
        final IntList hex = new IntList();
        final IntList inline = new IntList();
        /** Lines holding fullwidth or other compatibility characters (start, end). */
        final IntList compatibility = new IntList();
        /** Lines holding character-code lists or chr() chains (start, end). */
        final IntList charCodes = new IntList();
        /** Database-client tables and CSV files with their header line (start, end). */
        final IntList tables = new IntList();
        /** Lines holding $(echo …), `echo …` or ${NAME:-default} (start, end). */
        final IntList shell = new IntList();
        /** Lines holding quoted-printable escapes, joined through their soft breaks (start, end). */
        final IntList quotedPrintable = new IntList();
        /** Multi-row SQL inserts with a column list (start, end). */
        final IntList sqlInserts = new IntList();
    }

    static Spans prefilter(CharSequence chars) {
        String text = chars.toString();
        return prefilter(text, CharPresence.of(text));
    }

    /** As above, each trigger character's search skipped where {@code present} says the text lacks it. */
    static Spans prefilter(String text, CharPresence present) {
        Spans spans = new Spans();
        base64Runs(text, spans.base64, spans.hex);
        escapeRegions(text, present, spans.inline);
        CompatibilityForms.regions(text, present, spans.compatibility);
        IntList codes = new IntList();
        CharCodes.triggers(text, present, codes);
        if (codes.size > 0) {
            lineRegions(text, codes, spans.charCodes);
        }
        // both look for 'v' (.csv/.tsv, VALUES): one pass (~1.1 ms per 10 MiB of the mixed log, 64 K stops) for the two
        IntList lowerV = positions(text, present, 'v');
        TableColumns.regions(text, present, lowerV, spans.tables);
        IntList shell = new IntList();
        ShellLiterals.triggers(text, present, shell);
        if (shell.size > 0) {
            lineRegions(text, shell, spans.shell);
        }
        QuotedPrintable.regions(text, present, spans.quotedPrintable);
        SqlInsertRows.regions(text, present, lowerV, spans.sqlInserts);
        return spans;
    }

    /** Every position of {@code c} in {@code text}, ascending. */
    static IntList positions(String text, CharPresence present, char c) {
        IntList out = new IntList();
        for (int i = present.indexOf(text, c); i >= 0; i = text.indexOf(c, i + 1)) {
            out.add(i);
        }
        return out;
    }

    /**
     * Maximal runs of the base64 alphabet of at least {@link #MIN_BASE64} characters, not hex (digests, UUIDs).
     * Skips like Horspool: a long run must cover the character {@code MIN_BASE64 - 1} ahead, so where that
     * one is not base64 the whole stretch is passed over after one read.
     */
    private static void base64Runs(String text, IntList out, IntList hexRuns) {
        int n = text.length();
        int i = 0;
        while (i + MIN_BASE64 <= n) {
            int j = i + MIN_BASE64 - 1;
            if (!base64(text.charAt(j))) {
                i = j + 1;
                continue;
            }
            int s = j;
            while (s > i && base64(text.charAt(s - 1))) {
                s--;
            }
            // a long run from s covers s + MIN_BASE64 - 1: read back from there to j, so that a short word is passed
            // after the few characters up to its end instead of being read on to that end (the next start is past it)
            int need = s + MIN_BASE64 - 1;
            if (need >= n) {
                break;
            }
            int k = need;
            while (k > j && base64(text.charAt(k))) {
                k--;
            }
            if (k > j) {
                i = k + 1;
                continue;
            }
            int e = need + 1;
            while (e < n && base64(text.charAt(e))) {
                e++;
            }
            boolean hex = e - s >= MIN_BASE64 && hexOnly(text, s, e);
            if (hex) {
                // hex-only runs are not base64 (digests, UUIDs) but may be hex-encoded text (WrappedBlocks)
                hexRuns.add(s);
                hexRuns.add(e);
            }
            if (e - s >= MIN_BASE64 && !hex) {
                int padded = e;
                while (padded < n && padded < e + 2 && text.charAt(padded) == '=') {
                    padded++;
                }
                out.add(s);
                out.add(e);
                out.add(padded);
            }
            i = e + 1;
        }
    }

    private static boolean base64(char c) {
        return c < 128 && (CLASS[c] & B64) != 0;
    }

    private static boolean hexOnly(String text, int s, int e) {
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if ((CLASS[c] & HEXISH) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Regions holding an escape or a concatenation: each trigger character is found with
     * {@link String#indexOf} (vectorised by the JVM), and the line around a confirmed trigger becomes the
     * region — the whole line up to {@link #MAX_LINE} characters, else windows of {@link #WINDOW_CONTEXT}
     * characters around the triggers, at most {@code MAX_LINE} long.
     */
    private static void escapeRegions(String text, CharPresence present, IntList out) {
        int n = text.length();
        IntList triggers = new IntList();
        for (char c : TRIGGER_CHARS) {
            for (int i = present.indexOf(text, c); i >= 0; i = text.indexOf(c, i + 1)) {
                if (isQuote(c) && !mayJoin(text, i, n)) {
                    continue;
                }
                if (trigger(text, i, n, c)) {
                    triggers.add(i);
                }
                // ".concat(" right after a literal ('a'.concat, "a").concat): found from the quote, not by a search for
                // ".concat(" of its own, which stopped at every '.' of the text (IPs, timestamps, class names)
                if (isQuote(c) && i + 1 < n) {
                    if (text.startsWith(".concat(", i + 1)) {
                        triggers.add(i + 1);
                    } else if (text.startsWith(").concat(", i + 1)) {
                        triggers.add(i + 2);
                    }
                }
            }
        }
        if (triggers.size == 0) {
            return;
        }
        Arrays.sort(triggers.values, 0, triggers.size);
        int lineEnd = -1;
        int winStart = -1;
        int winEnd = -1;
        for (int k = 0; k < triggers.size; k++) {
            int t = triggers.get(k);
            if (t >= lineEnd) {
                if (winStart >= 0) {
                    out.add(winStart);
                    out.add(Math.min(winEnd, lineEnd));
                    winStart = -1;
                }
                int lineStart = text.lastIndexOf('\n', t) + 1;
                lineEnd = text.indexOf('\n', t);
                lineEnd = lineEnd < 0 ? n : lineEnd;
                lineEnd = throughContinuations(text, triggers, k, lineStart, lineEnd, n);
                if (lineEnd - lineStart <= MAX_LINE) {
                    out.add(lineStart);
                    out.add(lineEnd);
                    continue;
                }
                winStart = Math.max(lineStart, t - WINDOW_CONTEXT);
                winEnd = t + WINDOW_CONTEXT;
            } else if (winStart < 0) {
                continue;
            } else if (t - WINDOW_CONTEXT <= winEnd && t + WINDOW_CONTEXT - winStart <= MAX_LINE) {
                winEnd = t + WINDOW_CONTEXT;
            } else {
                out.add(winStart);
                out.add(Math.min(winEnd, lineEnd));
                winStart = t - WINDOW_CONTEXT;
                winEnd = t + WINDOW_CONTEXT;
            }
        }
        if (winStart >= 0) {
            out.add(winStart);
            out.add(Math.min(winEnd, lineEnd));
        }
    }

    /**
     * A concatenation whose {@code +} sits at a line break joins the next line to the region: the line end moves past
     * every next line such a trigger of this region reaches, up to {@link #MAX_LINE} characters in all.
     */
    private static int throughContinuations(String text, IntList triggers, int from, int lineStart, int lineEnd, int n) {
        int end = lineEnd;
        for (int k = from; k < triggers.size; k++) {
            int t = triggers.get(k);
            if (t >= end) {
                break;
            }
            char q = text.charAt(t);
            int next = isQuote(q) ? LiteralJoiner.plusContinuation(text, t + 1, n, q) : -1;
            if (next > end) {
                int e = text.indexOf('\n', next);
                e = e < 0 ? n : e;
                if (e - lineStart > MAX_LINE) {
                    break;
                }
                end = e;
            }
        }
        return end;
    }

    private static final char[] TRIGGER_CHARS = {'%', '\\', '&', '"', '\'', '`'};

    /**
     * One read that rejects most quotes (JSON logs hold ~60 000 per MB, a quote every ~16 characters): a quote joins
     * literals ({@link #trigger}) or opens {@code .concat(} only when a space, a tab, {@code +}, a line break, {@code .},
     * {@code )} or another quote (glued halves {@code 'ab''cd'}) follows it; the full checks cost ~15 ns a quote.
     */
    private static boolean mayJoin(String text, int q, int n) {
        if (q + 1 >= n) {
            return false;
        }
        char d = text.charAt(q + 1);
        return d == ' ' || d == '\t' || d == '+' || d == '\n' || d == '\r' || d == '.' || d == ')' || d == '"' || d == '\'';
    }

    /** Whether the trigger character at {@code i} starts an escape or joins two literals. */
    private static boolean trigger(CharSequence text, int i, int n, char c) {
        switch (c) {
            case '%' -> {
                return i + 2 < n && (Unescaper.hex(text.charAt(i + 1)) >= 0 && Unescaper.hex(text.charAt(i + 2)) >= 0
                    || (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U') && Unescaper.hex(text.charAt(i + 2)) >= 0);
            }
            case '\\' -> {
                return i + 1 < n && ("uxnrtbf\"'/\\`".indexOf(text.charAt(i + 1)) >= 0 || Unescaper.octalValue(text, i + 1, n) >= 0);
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
            default -> {
                // a quote followed by spaces and/or '+' and the same quote: two literals side by side
                int k = i + 1;
                while (k < n && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
                    k++;
                }
                boolean spaced = k > i + 1;
                if (c != '`' && LiteralJoiner.glued(text, i + 1, n) && i > 0 && text.charAt(i - 1) != c) {
                    return true;
                }
                if (LiteralJoiner.plusContinuation(text, i + 1, n, c) >= 0) {
                    return true;
                }
                // side by side without an operator: only literals without whitespace are joined (LiteralJoiner),
                // so quoted log fields ("GET / HTTP/1.1" "Mozilla/5.0 (X11)") are not even candidates
                return spaced && k < n && text.charAt(k) == c && unspaced(text, i, -1, c) && unspaced(text, k, 1, c);
            }
        }
    }

    /** The literal next to the quote at {@code q} (before it: dir -1, after: +1) is short and holds no whitespace. */
    private static boolean unspaced(CharSequence text, int q, int dir, char quote) {
        int n = text.length();
        for (int k = q + dir, steps = 0; k >= 0 && k < n && steps < WINDOW_CONTEXT; k += dir, steps++) {
            char d = text.charAt(k);
            if (d == quote) {
                return steps > 0;
            }
            if (d <= ' ') {
                return false;
            }
        }
        return false;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** A growable int array (the spans of one pass); allocated at its first value (most lists of a short text stay empty). */
    static final class IntList {
        private static final int[] NONE = new int[0];
        int[] values = NONE;
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.max(16, size * 2));
            }
            values[size++] = v;
        }

        int get(int i) {
            return values[i];
        }
    }
}
