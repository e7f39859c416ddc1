package io.agentsafety.redaction;

import java.text.Normalizer;

/**
 * Compatibility forms undone (NFKC, one code point at a time): fullwidth ASCII ({@code ｐａｓｓｗｏｒｄ＝…}, U+FF01-FF5E),
 * the ideographic space, circled letters and digits, mathematical alphanumerics ({@code 𝐬𝐤_𝐥𝐢𝐯𝐞…}). Each
 * normalised character keeps the span of the character it came from, so the fullwidth original is what is redacted.
 *
 * <p>The prefilter reads every fourth character only: a label or a value written in such forms is a run of at least
 * four of them (three letters and a separator), so a read lands in it. A lone fullwidth {@code ＝} or {@code ：}
 * between ASCII words is found by {@link String#indexOf}, which returns at once on a Latin-1 string (a character
 * above U+00FF cannot be in it): ASCII text costs a quarter read per character.
 */
final class CompatibilityForms {

    private static final int STRIDE = 4;

    private CompatibilityForms() {
    }

    /** Regions (start, end) around compatibility characters, in order, not overlapping. */
    static void regions(String text, CharPresence present, Decoders.IntList out) {
        if (!present.mayHoldNonAscii()) {
            return; // every character looked for is past U+2460
        }
        int n = text.length();
        int lastEnd = -1;
        for (int i = STRIDE - 1; i < n; i += STRIDE) {
            char c = text.charAt(i);
            if (c >= 0x2460 && (compatibility(c) || Character.isLowSurrogate(c) && text.charAt(i - 1) == 0xD835) && i >= lastEnd) {
                lastEnd = addRegion(text, i, out, lastEnd);
            }
        }
        for (char sep : new char[] {'\uFF1D', '\uFF1A'}) {
            for (int i = text.indexOf(sep); i >= 0; i = text.indexOf(sep, i + 1)) {
                if (!covered(out, i)) {
                    addRegion(text, i, out, -1);
                }
            }
        }
    }

    private static boolean covered(Decoders.IntList regions, int i) {
        for (int k = 0; k < regions.size; k += 2) {
            if (regions.get(k) <= i && i < regions.get(k + 1)) {
                return true;
            }
        }
        return false;
    }

    private static int addRegion(String text, int at, Decoders.IntList out, int lastEnd) {
        int[] region = Decoders.lineAround(text, at);
        int s = Math.max(region[0], lastEnd);
        out.add(s);
        out.add(region[1]);
        return region[1];
    }

    /** Fullwidth ASCII, the ideographic space, enclosed alphanumerics, the high half of a mathematical alphanumeric. */
    static boolean compatibility(char c) {
        return c >= 0xFF01 && c <= 0xFF5E || c == 0x3000 || c == 0xD835 || c >= 0x2460 && c <= 0x24FF;
    }

    /** text[s, e) with its compatibility characters normalised; null when nothing changed. */
    static DecodedView decode(CharSequence text, int s, int e) {
        MappedText out = new MappedText(e - s);
        boolean changed = false;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c < 0xA0) {
                out.append(c, i, i + 1);
            } else if (c >= 0xFF01 && c <= 0xFF5E) {
                out.append((char) (c - 0xFEE0), i, i + 1);
                changed = true;
            } else {
                int len = Character.isHighSurrogate(c) && i + 1 < e && Character.isLowSurrogate(text.charAt(i + 1)) ? 2 : 1;
                String one = text.subSequence(i, i + len).toString();
                String normal = Normalizer.isNormalized(one, Normalizer.Form.NFKC) ? one : Normalizer.normalize(one, Normalizer.Form.NFKC);
                for (int k = 0; k < normal.length(); k++) {
                    out.append(normal.charAt(k), i, i + len);
                }
                changed |= !normal.equals(one);
                i += len - 1;
            }
        }
        return changed ? out.view("nfkc") : null;
    }
}
