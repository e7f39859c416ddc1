package io.agentsafety.redaction;

import java.util.Map;

/**
 * Undoes the escapes of one region in a single pass: URL encoding ({@code %XX}, UTF-8 sequences of them, and
 * {@code +} between word characters when the region holds a {@code %XX}), backslash escapes of JSON, JS,
 * Java and Python strings ({@code \}{@code uXXXX}, {@code \xXX}, {@code \"}, {@code \/}, {@code \n}…), and HTML
 * entities (numeric, and the named ones that appear around credentials). Each decoded character keeps the
 * span of its escape, so a finding redacts exactly the escaped characters. One layer per pass:
 * {@code %255C} becomes {@code %5C}, and the next depth decodes that.
 */
final class Unescaper {

    static final int URL = 1;
    static final int BACKSLASH = 2;
    static final int HTML = 4;

    private static final Map<String, Character> ENTITIES = Map.ofEntries(
        Map.entry("amp", '&'), Map.entry("lt", '<'), Map.entry("gt", '>'), Map.entry("quot", '"'),
        Map.entry("apos", '\''), Map.entry("nbsp", ' '), Map.entry("sol", '/'), Map.entry("bsol", '\\'),
        Map.entry("colon", ':'), Map.entry("semi", ';'), Map.entry("equals", '='), Map.entry("plus", '+'),
        Map.entry("percnt", '%'), Map.entry("num", '#'), Map.entry("excl", '!'), Map.entry("quest", '?'),
        Map.entry("lowbar", '_'), Map.entry("hyphen", '-'), Map.entry("dash", '-'), Map.entry("period", '.'),
        Map.entry("comma", ','), Map.entry("commat", '@'), Map.entry("dollar", '$'), Map.entry("ast", '*'),
        Map.entry("lpar", '('), Map.entry("rpar", ')'), Map.entry("lsqb", '['), Map.entry("rsqb", ']'),
        Map.entry("lbrace", '{'), Map.entry("rbrace", '}'), Map.entry("Tab", '\t'), Map.entry("NewLine", '\n'),
        Map.entry("grave", '`'), Map.entry("Hat", '^'), Map.entry("tilde", '~'), Map.entry("verbar", '|'));

    private Unescaper() {
    }

    /** The families ({@link #URL}…) whose escapes were undone into {@code out}; 0 when nothing changed. */
    static int unescape(MappedText in, MappedText out) {
        CharSequence t = in.text();
        int n = t.length();
        boolean plusIsSpace = hasPercentEscape(t, n);
        int done = 0;
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            int used = 0;
            if (c == '%') {
                used = percent(in, i, n, out);
                done |= used > 0 ? URL : 0;
            } else if (c == '\\') {
                used = backslash(in, i, n, out);
                done |= used > 0 ? BACKSLASH : 0;
            } else if (c == '&') {
                used = entity(in, i, n, out);
                done |= used > 0 ? HTML : 0;
            } else if (c == '+' && plusIsSpace && i > 0 && i + 1 < n && wordChar(t.charAt(i - 1)) && wordChar(t.charAt(i + 1))) {
                out.appendDecoded(' ', in, i, i + 1);
                used = 1;
                done |= URL;
            }
            if (used == 0) {
                out.appendFrom(in, i);
                used = 1;
            }
            i += used;
        }
        return done;
    }

    private static boolean hasPercentEscape(CharSequence t, int n) {
        for (int i = 0; i + 2 < n; i++) {
            if (t.charAt(i) == '%' && hex(t.charAt(i + 1)) >= 0 && hex(t.charAt(i + 2)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '%';
    }

    /** {@code %XX}, or a whole UTF-8 sequence of them; characters consumed (0: not an escape). */
    private static int percent(MappedText in, int i, int n, MappedText out) {
        if (i + 5 < n && (in.text().charAt(i + 1) == 'u' || in.text().charAt(i + 1) == 'U')) {
            // JavaScript's escape() form: %uXXXX
            int v = hexValue(in.text(), i + 2, 4, n);
            if (v >= 0) {
                out.appendDecoded((char) v, in, i, i + 6);
                return 6;
            }
        }
        int b = byteAt(in.text(), i, n);
        if (b < 0) {
            return 0;
        }
        int len = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF8 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
        int cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
        for (int k = 1; k < len; k++) {
            int cont = byteAt(in.text(), i + 3 * k, n);
            if (cont < 0 || (cont & 0xC0) != 0x80) {
                len = 0;
                break;
            }
            cp = (cp << 6) | (cont & 0x3F);
        }
        if (len == 0) {
            // a lone byte ≥ 0x80 (Latin-1 form): one character per escape
            out.appendDecoded((char) b, in, i, i + 3);
            return 3;
        }
        for (char c : Character.toChars(cp)) {
            out.appendDecoded(c, in, i, i + 3 * len);
        }
        return 3 * len;
    }

    private static int byteAt(CharSequence t, int i, int n) {
        if (i + 2 >= n || t.charAt(i) != '%') {
            return -1;
        }
        int h = hex(t.charAt(i + 1));
        int l = hex(t.charAt(i + 2));
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    private static int backslash(MappedText in, int i, int n, MappedText out) {
        CharSequence t = in.text();
        if (i + 1 >= n) {
            return 0;
        }
        char d = t.charAt(i + 1);
        char c;
        int used = 2;
        switch (d) {
            case 'u' -> {
                int v = hexValue(t, i + 2, 4, n);
                if (v < 0) {
                    return 0;
                }
                c = (char) v;
                used = 6;
            }
            case 'x' -> {
                int v = hexValue(t, i + 2, 2, n);
                if (v < 0) {
                    return 0;
                }
                c = (char) v;
                used = 4;
            }
            case '0', '1', '2', '3' -> {
                // octal \NNN (C, Python bytes, shell $'…', printf): exactly three digits, so "\0" alone stays
                int v = octalValue(t, i + 1, n);
                if (v < 0) {
                    return 0;
                }
                c = (char) v;
                used = 4;
            }
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case '"', '\'', '/', '\\', '`' -> c = d;
            default -> {
                return 0;
            }
        }
        out.appendDecoded(c, in, i, i + used);
        return used;
    }

    private static int entity(MappedText in, int i, int n, MappedText out) {
        CharSequence t = in.text();
        int semi = -1;
        for (int k = i + 1; k < n && k <= i + 10; k++) {
            if (t.charAt(k) == ';') {
                semi = k;
                break;
            }
        }
        if (semi < i + 2) {
            return 0;
        }
        int cp;
        if (t.charAt(i + 1) == '#') {
            boolean hexForm = t.charAt(i + 2) == 'x' || t.charAt(i + 2) == 'X';
            int from = hexForm ? i + 3 : i + 2;
            if (from >= semi) {
                return 0;
            }
            cp = 0;
            for (int k = from; k < semi; k++) {
                int v = hexForm ? hex(t.charAt(k)) : Character.digit(t.charAt(k), 10);
                if (v < 0 || cp > 0x10FFFF) {
                    return 0;
                }
                cp = cp * (hexForm ? 16 : 10) + v;
            }
            if (cp == 0 || cp > 0x10FFFF) {
                return 0;
            }
        } else {
            Character named = ENTITIES.get(t.subSequence(i + 1, semi).toString());
            if (named == null) {
                return 0;
            }
            cp = named;
        }
        for (char c : Character.toChars(cp)) {
            out.appendDecoded(c, in, i, semi + 1);
        }
        return semi + 1 - i;
    }

    private static int hexValue(CharSequence t, int from, int digits, int n) {
        if (from + digits > n) {
            return -1;
        }
        int v = 0;
        for (int k = from; k < from + digits; k++) {
            int h = hex(t.charAt(k));
            if (h < 0) {
                return -1;
            }
            v = v * 16 + h;
        }
        return v;
    }

    /** Three octal digits at {@code from} (the first 0-3), else -1. */
    static int octalValue(CharSequence t, int from, int n) {
        if (from + 3 > n) {
            return -1;
        }
        int v = 0;
        for (int k = from; k < from + 3; k++) {
            char d = t.charAt(k);
            if (d < '0' || d > '7') {
                return -1;
            }
            v = v * 8 + (d - '0');
        }
        return v;
    }

    /**
     * A hex digit's value, -1 for any other character; read from a table, since on random digits (trace ids, digests:
     * 41,300 runs per 10 MiB of the mixed log, decoded by WrappedBlocks until they prove binary) the range tests
     * mispredicted about every other character.
     */
    static int hex(char c) {
        return c < 128 ? HEX[c] : -1;
    }

    private static final byte[] HEX = new byte[128];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (char c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[Character.toUpperCase(c)] = (byte) (c - 'a' + 10);
        }
    }
}
