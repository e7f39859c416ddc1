package io.agentsafety.redaction;

/**
 * Encodings written over several lines (issue 14), decoded as one piece so that a secret split by the line
 * breaks is seen whole: base64 wrapped at a fixed width (MIME's 76 columns, PEM's 64, {@code base64} CLI
 * output, the indented lines of a YAML block scalar {@code |}), hex-encoded text (one long run or
 * {@code xxd -p} lines) and hex dumps ({@code xxd}, {@code hexdump -C}: offset, byte groups, ASCII column).
 * Base64 and hex lines are the prefilter's runs ({@link Decoders}), so text without them costs nothing here;
 * dumps are recognised from the start of each line (an offset of 7-8 hex digits, then ':' or a space).
 * A block is bounded by {@link DecodeLimits#maxSpanChars()} (its whole extent in the original, indentation
 * included) and decoded only when the result is text (as {@link Base64Blobs}); a finding in it redacts the
 * whole block — the encoded characters do not map one to one onto the decoded ones.
 */
final class WrappedBlocks {

    /** Shortest line of a wrapped base64 block (every line but the last has this width or more, equal). */
    static final int MIN_WIDTH = 40;
    /** Shortest hex run decoded alone or opening a block of hex lines: 16 bytes. */
    static final int MIN_HEX = 32;
    /** Most bytes one dump line may hold ({@code xxd -c 32}). */
    private static final int MAX_DUMP_BYTES = 32;

    private WrappedBlocks() {
    }

    static void decode(String text, Decoders.Spans spans, DecodeLimits limits, Decoders.Budget budget, Decoders.Sink sink) {
        if (lineBlocks(text, spans.base64, 3, false, limits, budget, sink)
            && lineBlocks(text, spans.hex, 2, true, limits, budget, sink)) {
            dumps(text, limits, budget, sink);
        }
    }

    /**
     * Runs that each fill their line (indentation aside), on consecutive lines, the same width except a shorter
     * or padded last line: one block. Base64 blocks need two lines or more (a single run is already decoded);
     * a single hex run is a block of its own. Returns false when the budget ran out.
     */
    private static boolean lineBlocks(String text, Decoders.IntList runs, int stride, boolean hex, DecodeLimits limits,
                                      Decoders.Budget budget, Decoders.Sink sink) {
        int k = 0;
        while (k < runs.size) {
            int s = runs.get(k);
            int e = runs.get(k + 1);
            int end = runs.get(k + stride - 1);
            int width = e - s;
            boolean padded = end > e;
            if (hex ? width < MIN_HEX : width < MIN_WIDTH || width % 4 != 0 || padded) {
                k += stride;
                continue;
            }
            boolean line = fillsLine(text, s, end);
            if (!line && !hex) {
                k += stride;
                continue;
            }
            int last = k;
            int j = k + stride;
            boolean closed = !line; // a hex run inside a line ("payload=…") is a block of its own
            while (!closed && j < runs.size) {
                int s2 = runs.get(j);
                int e2 = runs.get(j + 1);
                int end2 = runs.get(j + stride - 1);
                if (e2 - s2 > width || !nextLine(text, end, s2) || !fillsLine(text, s2, end2)) {
                    break;
                }
                closed = e2 - s2 < width || end2 > e2;
                end = end2;
                last = j;
                j += stride;
            }
            // a last line shorter than the prefilter's runs (MIME's "b3J0XQo=")
            int[] tail = closed ? null : tail(text, end, width, hex);
            if (tail != null) {
                end = tail[2];
            }
            if (last > k || tail != null || hex) {
                DecodedView view = hex ? hexBlock(text, runs, k, last, tail, s, end, limits)
                    : base64Block(text, runs, k, last, tail, s, end, limits);
                if (view != null) {
                    if (!budget.take(view.text().length())) {
                        return false;
                    }
                    sink.view(view);
                }
            }
            k = last + stride;
        }
        return true;
    }

    /**
     * The line after {@code end} when it holds only a short run (under {@link Decoders#MIN_BASE64} characters, so
     * not one of the prefilter's) of the block's alphabet, padding included: {start, end, end with padding}; else null.
     */
    private static int[] tail(String text, int end, int width, boolean hex) {
        int n = text.length();
        int i = end;
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
            i++;
        }
        if (i >= n || text.charAt(i) != '\n') {
            return null;
        }
        i++;
        while (i < n && i - end <= MAX_INDENT && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        int s = i;
        while (i < n && i - s < Decoders.MIN_BASE64 && (hex ? Unescaper.hex(text.charAt(i)) >= 0 : Base64Blobs.alphabet(text.charAt(i)))) {
            i++;
        }
        int e = i;
        while (!hex && i < n && i < e + 2 && text.charAt(i) == '=') {
            i++;
        }
        if (i == s || i - s > width || (i < n && text.charAt(i) > ' ') || !fillsLine(text, s, i)) {
            return null;
        }
        return new int[] {s, e, i};
    }

    private static DecodedView base64Block(String text, Decoders.IntList runs, int first, int last, int[] tail, int from,
                                           int to, DecodeLimits limits) {
        if (to - from > limits.maxSpanChars()) {
            return null;
        }
        StringBuilder joined = new StringBuilder(to - from);
        for (int k = first; k <= last; k += 3) {
            joined.append(text, runs.get(k), runs.get(k + 1));
        }
        if (tail != null) {
            joined.append(text, tail[0], tail[1]);
        }
        return Base64Blobs.decode(joined, 0, joined.length(), limits, from, to, "wrapped ");
    }

    private static DecodedView hexBlock(String text, Decoders.IntList runs, int first, int last, int[] tail, int from,
                                        int to, DecodeLimits limits) {
        if (to - from > limits.maxSpanChars()) {
            return null;
        }
        int chars = tail == null ? 0 : tail[1] - tail[0];
        for (int k = first; k <= last; k += 2) {
            chars += runs.get(k + 1) - runs.get(k);
        }
        if (chars % 2 != 0) {
            return null;
        }
        byte[] bytes = new byte[chars / 2];
        int n = 0;
        int pending = -1;
        // Base64Blobs.surelyBinary counted as the bytes come: most hex runs are digests and trace ids (random bytes,
        // ~40 % of them bad), rejected after a few bytes instead of after decoding them all
        int bad = 0;
        boolean start = true;
        for (int k = first; k <= last + 2; k += 2) {
            if (k > last && tail == null) {
                break;
            }
            int s = k > last ? tail[0] : runs.get(k);
            int e = k > last ? tail[1] : runs.get(k + 1);
            for (int i = s; i < e; i++) {
                int v = Unescaper.hex(text.charAt(i));
                if (v < 0) {
                    return null; // a '-' (UUID, dashed id): not hex-encoded bytes
                }
                if (pending < 0) {
                    pending = v;
                } else {
                    int b = pending << 4 | v;
                    bytes[n++] = (byte) b;
                    pending = -1;
                    bad += Base64Blobs.bad(b, start);
                    start = b < 0x80;
                    if (bad * 10L > bytes.length) {
                        return null; // Base64Blobs.textual(bytes, false) would answer null
                    }
                }
            }
            // most hex runs are digests: reject them on their first 36 bytes, before decoding the rest
            if (n >= 36 && k == first && Base64Blobs.textual(java.util.Arrays.copyOf(bytes, 36), true) == null) {
                return null;
            }
        }
        String decoded = Base64Blobs.textual(bytes, false);
        return decoded == null ? null : DecodedView.whole(decoded, from, to, "hex");
    }

    /** Consecutive hex-dump lines ({@code xxd}, {@code hexdump -C}), their bytes joined. */
    private static void dumps(String text, DecodeLimits limits, Decoders.Budget budget, Decoders.Sink sink) {
        int n = text.length();
        int blockStart = -1;
        int blockEnd = -1;
        java.io.ByteArrayOutputStream bytes = null;
        for (int ls = 0; ls <= n; ) {
            int le = ls < n ? text.indexOf('\n', ls) : -1;
            le = le < 0 ? n : le;
            int offset = ls < n ? dumpOffset(text, ls, le) : 0;
            boolean dump = offset > 0 && (bytes == null || le - blockStart <= limits.maxSpanChars());
            if (dump) {
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                dump = dumpBytes(text, ls + offset, le, line);
                if (dump) {
                    if (bytes == null) {
                        bytes = new java.io.ByteArrayOutputStream();
                        blockStart = ls;
                    }
                    bytes.writeBytes(line.toByteArray());
                    blockEnd = le;
                }
            }
            if (!dump && bytes != null) {
                if (!emitDump(bytes.toByteArray(), blockStart, blockEnd, budget, sink)) {
                    return;
                }
                bytes = null;
            }
            if (le >= n) {
                break;
            }
            ls = le + 1;
        }
        if (bytes != null) {
            emitDump(bytes.toByteArray(), blockStart, blockEnd, budget, sink);
        }
    }

    private static boolean emitDump(byte[] bytes, int from, int to, Decoders.Budget budget, Decoders.Sink sink) {
        if (bytes.length < 8 || to <= from) {
            return true;
        }
        String decoded = Base64Blobs.textual(bytes, false);
        if (decoded == null) {
            return true;
        }
        if (!budget.take(decoded.length())) {
            return false;
        }
        sink.view(DecodedView.whole(decoded, from, to, "hexdump"));
        return true;
    }

    /** Length of a dump line's offset and its separator ("00000010: ", "00000010  "), 0 when the line is not one. */
    private static int dumpOffset(String text, int ls, int le) {
        int i = ls;
        while (i < le && i < ls + 8 && Unescaper.hex(text.charAt(i)) >= 0) {
            i++;
        }
        if (i - ls < 7 || i >= le || (text.charAt(i) != ':' && text.charAt(i) != ' ')) {
            return 0;
        }
        return i + 1 - ls;
    }

    /**
     * The byte groups after the offset (pairs or quads of hex digits separated by spaces, up to
     * {@link #MAX_DUMP_BYTES}); the ASCII column after them is ignored. False when the line holds no byte.
     */
    private static boolean dumpBytes(String text, int i, int le, java.io.ByteArrayOutputStream out) {
        int count = 0;
        while (count < MAX_DUMP_BYTES) {
            int spaces = 0;
            while (i < le && text.charAt(i) == ' ') {
                i++;
                spaces++;
            }
            if (spaces > 2 && count > 0) {
                break; // the wide gap before xxd's ASCII column
            }
            int g = i;
            while (g < le && Unescaper.hex(text.charAt(g)) >= 0) {
                g++;
            }
            int len = g - i;
            if ((len != 2 && len != 4) || (g < le && text.charAt(g) != ' ')) {
                break;
            }
            for (int k = i; k < g; k += 2) {
                out.write(Unescaper.hex(text.charAt(k)) << 4 | Unescaper.hex(text.charAt(k + 1)));
                count++;
            }
            i = g;
        }
        return count > 0;
    }

    /** Only whitespace (at most {@link #MAX_INDENT} characters each side) between the line start and s, and e and the line end. */
    private static boolean fillsLine(String text, int s, int e) {
        int i = s - 1;
        while (i >= 0 && text.charAt(i) != '\n') {
            if ((text.charAt(i) != ' ' && text.charAt(i) != '\t') || s - i > MAX_INDENT) {
                return false;
            }
            i--;
        }
        i = e;
        while (i < text.length() && text.charAt(i) != '\n') {
            char c = text.charAt(i);
            if ((c != ' ' && c != '\t' && c != '\r') || i - e > MAX_INDENT) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** Whitespace a block's line may carry around its run (YAML indentation), so each check stays short. */
    private static final int MAX_INDENT = 64;

    /** s starts the line right after the one holding e (one line break, whitespace aside). */
    private static boolean nextLine(String text, int e, int s) {
        int breaks = 0;
        for (int i = e; i < s; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                breaks++;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return breaks == 1;
    }
}
