package io.agentsafety.redaction;

/** Small reads of a {@link CharSequence} that {@link String}'s own methods do for strings only. */
final class CharSequences {

    private CharSequences() {
    }

    /** Whether {@code s} stands in {@code text} at {@code i}, reading no further than {@code length}. */
    static boolean startsWith(CharSequence text, int i, int length, String s) {
        if (i + s.length() > length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (text.charAt(i + k) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The first index at or after {@code from} (below {@code length}) that is not a space or a tab. */
    static int skipBlanks(CharSequence text, int from, int length) {
        int i = from;
        while (i < length && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
