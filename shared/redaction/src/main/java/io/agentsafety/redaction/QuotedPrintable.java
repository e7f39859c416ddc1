package io.agentsafety.redaction;

import java.nio.charset.StandardCharsets;

/**
 * Quoted-printable text (RFC 2045: mail bodies, MIME parts, some HTTP multipart dumps): {@code =XX} is one byte, a
 * line ending in {@code =} is a soft break that joins it to the next line. A secret in such a body is split by the
 * escapes ({@code api_key=3D"…"}) or by a soft break in its middle, so no detector sees it as written.
 *
 * <p>Candidates ({@link #regions}): an {@code =} followed by an escape that ordinary {@code key=value} text does not
 * hold — {@code =3D} (the encoded {@code =} every encoded assignment or HTML attribute has), {@code =0A}, {@code =0D},
 * {@code =09}, or a UTF-8 lead byte escape followed by a continuation escape ({@code =C3=A9}). The region is the
 * trigger's line and the lines joined to it by soft breaks, at most {@link #MAX_REGION} characters. One
 * {@link String#indexOf(int)} pass over the {@code =} signs, two character reads each.
 *
 * <p>Decoded characters map back onto their escapes (three characters each); a soft break maps to nothing, so a
 * finding across one spans both halves and the break between them.
 */
final class QuotedPrintable {

    /** Longest region decoded: four times a line region of the other decoders. */
    static final int MAX_REGION = 4 * Decoders.MAX_LINE;

    private QuotedPrintable() {
    }

    /** Regions (start, end) of the lines around strong escapes, joined through soft breaks; in order, not overlapping. */
    static void regions(String text, CharPresence present, Decoders.IntList out) {
        int n = text.length();
        int lastEnd = -1;
        for (int i = present.indexOf(text, '='); i >= 0; i = text.indexOf('=', i + 1)) {
            if (i < lastEnd || !strongEscape(text, i, n)) {
                continue;
            }
            int s = text.lastIndexOf('\n', i) + 1;
            while (s > 0 && s > lastEnd && i - s < MAX_REGION && endsInSoftBreak(text, s - 1)) {
                s = text.lastIndexOf('\n', s - 2) + 1;
            }
            s = Math.max(s, lastEnd);
            int e = lineEnd(text, i, n);
            while (e < n && e - s < MAX_REGION && endsInSoftBreak(text, e)) {
                e = lineEnd(text, e + 1, n);
            }
            if (e - s > MAX_REGION) {
                e = Math.min(n, s + MAX_REGION);
            }
            out.add(s);
            out.add(e);
            lastEnd = e;
        }
    }

    /** The region decoded; null when it holds no escape or soft break after all. */
    static DecodedView decode(CharSequence text, int s, int e) {
        MappedText out = new MappedText(e - s);
        boolean changed = false;
        byte[] run = null;
        int i = s;
        while (i < e) {
            char c = text.charAt(i);
            if (c != '=') {
                out.append(c, i, i + 1);
                i++;
                continue;
            }
            int soft = softBreakLength(text, i, e);
            if (soft > 0) {
                changed = true;
                i += soft;
                continue;
            }
            int b = escapedByte(text, i, e);
            if (b < 0) {
                out.append(c, i, i + 1);
                i++;
            } else if (b < 0x80) {
                out.append((char) b, i, i + 3);
                changed = true;
                i += 3;
            } else {
                // a run of escaped high bytes is UTF-8: its characters all map onto the whole run
                int k = i;
                int count = 0;
                run = run == null ? new byte[64] : run;
                while (k < e && count < run.length && (b = escapedByte(text, k, e)) >= 0x80) {
                    run[count++] = (byte) b;
                    k += 3;
                }
                String chars = new String(run, 0, count, StandardCharsets.UTF_8);
                for (int j = 0; j < chars.length(); j++) {
                    out.append(chars.charAt(j), i, k);
                }
                changed = true;
                i = k;
            }
        }
        return changed ? out.view("quoted-printable") : null;
    }

    private static boolean strongEscape(String text, int i, int n) {
        if (i + 2 >= n) {
            return false;
        }
        char a = text.charAt(i + 1);
        char b = text.charAt(i + 2);
        if (a == '3' && b == 'D' || a == '0' && (b == 'A' || b == 'D' || b == '9')) {
            return true;
        }
        // a UTF-8 lead byte then a continuation byte: =C3=A9
        return a >= 'C' && a <= 'F' && upperHex(b) >= 0 && i + 5 < n && text.charAt(i + 3) == '='
            && "89AB".indexOf(text.charAt(i + 4)) >= 0 && upperHex(text.charAt(i + 5)) >= 0;
    }

    /** The byte of an escape {@code =XX} (upper-case hex, as RFC 2045 writes it) at {@code i}, else -1. */
    private static int escapedByte(CharSequence text, int i, int e) {
        if (i + 2 >= e || text.charAt(i) != '=') {
            return -1;
        }
        int hi = upperHex(text.charAt(i + 1));
        int lo = upperHex(text.charAt(i + 2));
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** 2 or 3 for {@code =\n} / {@code =\r\n} at {@code i}, else 0. */
    private static int softBreakLength(CharSequence text, int i, int e) {
        if (i + 1 < e && text.charAt(i + 1) == '\n') {
            return 2;
        }
        return i + 2 < e && text.charAt(i + 1) == '\r' && text.charAt(i + 2) == '\n' ? 3 : 0;
    }

    /** Whether the line ending at the line break {@code nl} (its {@code \n}, or {@code n}) ends in {@code =}. */
    private static boolean endsInSoftBreak(String text, int nl) {
        int k = nl - 1;
        if (k >= 0 && text.charAt(k) == '\r') {
            k--;
        }
        return k >= 0 && text.charAt(k) == '=';
    }

    private static int lineEnd(String text, int from, int n) {
        int e = text.indexOf('\n', from);
        return e < 0 ? n : e;
    }

    private static int upperHex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
