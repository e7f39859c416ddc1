package io.agentsafety.redaction;

import java.util.Arrays;

/**
 * The newlines after the current keyword hit of one automaton pass, found once for all rows: where a window or an
 * anchored slice ends ({@code linesAfter} lines on, at most {@code maxForward} characters). Walking those lines at every
 * hit cost ~9 M characters per 10 MiB of the mixed log: twilio's keywords {@code ac0}…{@code acf} hit inside hex trace
 * ids every ~4 lines and its window takes 3 lines. Here each character is searched once per pass (by
 * {@code String.indexOf} for a String), and a hit asks for its k-th newline in constant time. Hits come in order of
 * their end; a query before the last one (never in one pass) falls back to the walk. Holds only the newlines between
 * the current hit and the furthest end asked for, so its memory follows the longest window, not the text.
 */
final class NewlinesAhead {

    private CharSequence text;
    private String string;
    private int length;
    /** The newlines in [from, searchedTo), in order: {@code at[head..count)}. */
    private int[] at = new int[64];
    private int head;
    private int count;
    private int from;
    private int searchedTo;

    /** For a new pass over {@code text}. */
    void reset(CharSequence text) {
        this.text = text;
        this.string = text instanceof String s ? s : null;
        this.length = text.length();
        head = 0;
        count = 0;
        from = 0;
        searchedTo = 0;
    }

    /** Drops the text (the scratch outlives the scan; the text may hold secrets). */
    void clear() {
        text = null;
        string = null;
        if (at.length > 4096) {
            at = new int[64]; // a PEM block's lines: not kept for the thread's lifetime
        }
    }

    /**
     * As walking from {@code e}: the {@code lines}-th newline at or after {@code e} (0 = the first) if it comes before
     * {@code e + maxForward} and the text's end, else that bound.
     */
    int end(int e, int lines, int maxForward) {
        int limit = (int) Math.min(length, (long) e + maxForward);
        if (e < from) {
            return walk(e, lines, limit);
        }
        while (head < count && at[head] < e) {
            head++;
        }
        from = e;
        if (searchedTo < e) {
            searchedTo = e;
        }
        while (count - head <= lines && searchedTo < limit) {
            int nl = next(searchedTo);
            if (nl < 0) {
                searchedTo = length;
                break;
            }
            push(nl);
            searchedTo = nl + 1;
        }
        if (count - head > lines) {
            return Math.min(at[head + lines], limit);
        }
        return limit;
    }

    private int next(int i) {
        if (string != null) {
            return string.indexOf('\n', i);
        }
        for (int k = i; k < length; k++) {
            if (text.charAt(k) == '\n') {
                return k;
            }
        }
        return -1;
    }

    private void push(int nl) {
        if (count == at.length) {
            if (head > 0) {
                System.arraycopy(at, head, at, 0, count - head);
                count -= head;
                head = 0;
            }
            if (count == at.length) {
                at = Arrays.copyOf(at, at.length * 2);
            }
        }
        at[count++] = nl;
    }

    private int walk(int e, int lines, int limit) {
        int left = lines;
        for (int i = e; i < limit; i++) {
            if (text.charAt(i) == '\n') {
                if (left == 0) {
                    return i;
                }
                left--;
            }
        }
        return limit;
    }
}
