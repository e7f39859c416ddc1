package io.agentsafety.redaction;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Decodes one base64 / base64url run (found by {@link Decoders}' prefilter) when its content is text: mostly
 * printable UTF-8, or a gzip stream (magic {@code 1f 8b}) that inflates, within a bound, to such text.
 * Binary content (an image in a data URI, random key material, a hex digest read as base64) is rejected
 * after its first 36 bytes, so a look-alike costs a few dozen character reads.
 */
final class Base64Blobs {

    /** Encoded characters decoded before the full decode is attempted (36 bytes). */
    private static final int HEAD = 48;

    private static final byte[] VALUE = new byte[128];

    static {
        Arrays.fill(VALUE, (byte) -1);
        String std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; i++) {
            VALUE[std.charAt(i)] = (byte) i;
        }
        // base64url: the two characters that differ
        VALUE['-'] = 62;
        VALUE['_'] = 63;
    }

    private Base64Blobs() {
    }

    static boolean alphabet(char c) {
        return c < 128 && VALUE[c] >= 0;
    }

    /** The decoded text of text[s, e) (padding excluded by the caller), or null when it is not text. */
    static DecodedView decode(CharSequence text, int s, int e, int paddedEnd, DecodeLimits limits) {
        return decode(text, s, e, limits, s, paddedEnd, "");
    }

    /**
     * The same for base64 that is not one run of the original (the lines of a wrapped block, joined): a finding
     * in the decoded text redacts original [viewFrom, viewTo); {@code layout} prefixes the via name ("wrapped ").
     */
    static DecodedView decode(CharSequence text, int s, int e, DecodeLimits limits, int viewFrom, int viewTo, String layout) {
        if (e - s > limits.maxSpanChars()) {
            return null;
        }
        byte[] head = bytes(text, s, Math.min(e, s + HEAD));
        boolean gzip = head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
        if (!gzip && textual(head, e - s > HEAD) == null) {
            return null;
        }
        byte[] all = e - s > HEAD ? bytes(text, s, e) : head;
        if (gzip) {
            all = gunzip(all, limits.maxInflatedBytes());
            if (all == null) {
                return null;
            }
        }
        String decoded = textual(all, gzip && all.length == limits.maxInflatedBytes());
        return decoded == null ? null : DecodedView.whole(decoded, viewFrom, viewTo, layout + (gzip ? "gzip+base64" : "base64"));
    }

    /** Lenient decode: 6 bits per character, leftover bits (a missing or partial last quantum) dropped. */
    static byte[] bytes(CharSequence text, int s, int e) {
        byte[] out = new byte[(e - s) * 3 / 4];
        int n = 0;
        int acc = 0;
        int bits = 0;
        for (int i = s; i < e; i++) {
            acc = (acc << 6) | VALUE[text.charAt(i)];
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (acc >> bits);
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * The bytes as text when at least 90 % of the characters are printable (letters of any script, tab, line
     * ends; not controls, not replacement characters of invalid UTF-8), else null. {@code cut}: the bytes may
     * end inside a character, which is not held against them.
     */
    static String textual(byte[] bytes, boolean cut) {
        if (bytes.length < 6 || surelyBinary(bytes, cut)) {
            return null;
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        return mostlyText(s, cut) ? s : null;
    }

    /** The text test itself, after the binary shortcut: at most one character in ten unprintable or undecodable. */
    static boolean mostlyText(String s, boolean cut) {
        int bad = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\uFFFD' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c < 0xA0)) {
                bad++;
            }
        }
        if (cut && n > 0 && s.charAt(n - 1) == '\uFFFD') {
            bad--;
        }
        return bad * 10 <= n;
    }

    /**
     * True only when {@link #textual} must answer null, found without decoding: most candidates (hex digests and
     * random ids read as hex or base64) are random bytes, and building their String through UTF-8's replacement
     * path cost more than the rest of their check. Counts bytes that become a bad character whatever surrounds them
     * in UTF-8 decoding: ASCII controls (but tab and line ends) and DEL; bytes that never occur in UTF-8 (C0, C1,
     * F5-FF), each replaced; a continuation byte where a character must start (first, or after an ASCII byte), replaced
     * too — a malformed sequence never swallows a byte that cannot continue it. Each character takes at least one
     * byte, so there are at most {@code bytes.length} characters; {@code cut} forgives one replacement at the end.
     */
    static boolean surelyBinary(byte[] bytes, boolean cut) {
        int bad = cut ? -1 : 0;
        boolean start = true;
        for (byte b : bytes) {
            int v = b & 0xFF;
            bad += bad(v, start);
            start = v < 0x80;
        }
        return bad * 10L > bytes.length;
    }

    /**
     * 1 when byte {@code v} counts against {@link #surelyBinary} ({@code start}: the byte before it was ASCII, or it is
     * the first), else 0. The count only grows, so a caller decoding bytes one by one may stop as soon as it is past
     * a tenth of the bytes it will have.
     */
    static int bad(int v, boolean start) {
        return (start ? BAD_AT_START : BAD)[v];
    }

    /** {@link #bad}'s answers by byte, read from tables: on random bytes (digests) its tests mispredicted. */
    private static final byte[] BAD = new byte[256];
    private static final byte[] BAD_AT_START = new byte[256];

    static {
        for (int v = 0; v < 256; v++) {
            boolean ascii = v < 0x80;
            boolean control = ascii && ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') || v == 0x7F);
            boolean invalid = !ascii && (v == 0xC0 || v == 0xC1 || v >= 0xF5);
            BAD[v] = (byte) (control || invalid ? 1 : 0);
            BAD_AT_START[v] = (byte) (control || invalid || !ascii && v < 0xC0 ? 1 : 0);
        }
    }

    /** Inflates at most {@code max} bytes (a gzip bomb stops there); null when the stream is not gzip. */
    static byte[] gunzip(byte[] gz, int max) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 4096)) {
            byte[] out = new byte[Math.min(max, Math.max(64, gz.length * 4))];
            int n = 0;
            while (n < max) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, Math.min(max, out.length * 2));
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n == 0 ? null : Arrays.copyOf(out, n);
        } catch (IOException | RuntimeException e) {
            // truncated or corrupt stream: not decodable, the blob stays as it is in the text
            return null;
        }
    }
}
