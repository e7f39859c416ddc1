package io.agentsafety.redaction;

import java.util.Arrays;

/**
 * Text rewritten from a region of another text, with, for every character, the span of the source that
 * produced it (the 6 characters of a backslash-u escape → one character). Built by appending; transforms chain by
 * appending characters of an earlier {@code MappedText} ({@link #appendFrom}), so the spans always refer
 * to the original text.
 */
final class MappedText {

    private final StringBuilder text;
    private int[] from;
    private int[] to;

    MappedText(int capacity) {
        this.text = new StringBuilder(capacity);
        this.from = new int[Math.max(16, capacity)];
        this.to = new int[from.length];
    }

    /** text[s, e) unchanged: every character maps to itself. */
    static MappedText identity(CharSequence source, int s, int e) {
        MappedText m = new MappedText(e - s);
        for (int i = s; i < e; i++) {
            m.append(source.charAt(i), i, i + 1);
        }
        return m;
    }

    void append(char c, int sourceFrom, int sourceTo) {
        int n = text.length();
        if (n == from.length) {
            from = Arrays.copyOf(from, n * 2);
            to = Arrays.copyOf(to, n * 2);
        }
        text.append(c);
        from[n] = sourceFrom;
        to[n] = sourceTo;
    }

    /** A character that a decoder produced from source span [sourceFrom, sourceTo) of {@code m}'s text. */
    void appendDecoded(char c, MappedText m, int sourceFrom, int sourceTo) {
        append(c, m.from[sourceFrom], m.to[sourceTo - 1]);
    }

    /** m's character {@code i}, unchanged. */
    void appendFrom(MappedText m, int i) {
        append(m.text.charAt(i), m.from[i], m.to[i]);
    }

    /** Drops the characters from {@code length} on (a decoder taking back what it copied). */
    void truncate(int length) {
        text.setLength(length);
    }

    int length() {
        return text.length();
    }

    char charAt(int i) {
        return text.charAt(i);
    }

    CharSequence text() {
        return text;
    }

    DecodedView view(String via) {
        int n = text.length();
        return new DecodedView(text.toString(), Arrays.copyOf(from, n), Arrays.copyOf(to, n), 0, 0, via);
    }
}
