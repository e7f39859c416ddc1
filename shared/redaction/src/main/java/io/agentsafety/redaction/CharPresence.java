package io.agentsafety.redaction;

/**
 * The characters a short text holds, from one pass over it: the decoders' prefilter searches the text for ~17 trigger
 * characters one by one ({@link String#indexOf}), and on a short text (a log message, an audit value) most are absent,
 * each search reading the whole text for nothing (at C1, as the Lambda workers run, {@code indexOf} is a plain loop:
 * a third of a 450-character call). A search for an absent character answers -1 here without reading the text.
 * Past {@link #MAX_TEXT} characters every search runs as before (the pass would cost more than the searches it saves).
 */
final class CharPresence {

    /** Longest text given a presence pass. */
    static final int MAX_TEXT = 4096;
    /** No pass: every character may be present. */
    static final CharPresence ANY = new CharPresence(-1L, -1L, true);

    /** Bit c set: ASCII character c (0–63 in {@code low}, 64–127 in {@code high}) may occur (exact for ASCII-only text). */
    private final long low;
    private final long high;
    /** A character at or above 128 occurs (not recorded one by one). */
    private final boolean nonAscii;

    private CharPresence(long low, long high, boolean nonAscii) {
        this.low = low;
        this.high = high;
        this.nonAscii = nonAscii;
    }

    static CharPresence of(String text) {
        int n = text.length();
        if (n > MAX_TEXT) {
            return ANY;
        }
        long low = 0;
        long high = 0;
        int any = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            // a shift uses the low six bits: a character at or above 128 sets a bit too, which only widens "may hold"
            long bit = 1L << c;
            low |= c < 64 ? bit : 0;
            high |= c >= 64 ? bit : 0;
            any |= c;
        }
        return new CharPresence(low, high, any >= 128);
    }

    /** False only when {@code c} does not occur in the text. */
    boolean mayHold(char c) {
        return c < 64 ? (low >>> c & 1) != 0 : c < 128 ? (high >>> c & 1) != 0 : nonAscii;
    }

    /** A character at or above {@code 128} may occur. */
    boolean mayHoldNonAscii() {
        return nonAscii;
    }

    /** {@code text.indexOf(c)} for the text this was made of; -1 without a search when {@code c} is absent. */
    int indexOf(String text, char c) {
        return mayHold(c) ? text.indexOf(c) : -1;
    }
}
