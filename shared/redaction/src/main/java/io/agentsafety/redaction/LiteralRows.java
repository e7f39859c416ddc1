package io.agentsafety.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rows of a regex list (the global allow-list) a value may match by their {@link RequiredLiterals}, found in one
 * pass over the value instead of one pass per row: a row's condition holds exactly when one of its literals occurs
 * (the same {@link RequiredLiterals#at} comparison, non-ASCII text characters tried against the folded and non-ASCII
 * literals as there), so a row is in the answer exactly when its own {@code mayMatch} says true. A row without a
 * condition is always in. At most 64 rows (a bit each).
 */
final class LiteralRows {

    private record Entry(RequiredLiterals.Literal literal, long row) {
    }

    private final long always;
    /** Entries by the literal's first character (folded ones under both cases), as in {@link RequiredLiterals}. */
    private final Entry[][] byFirst = new Entry[128][];
    /** Folded and non-ASCII-first literals: what a non-ASCII text character may start. */
    private final Entry[] nonAscii;
    /**
     * Bit {@code 128 * c0 + c1}: some literal may start with the ASCII characters c0 c1 (a one-character literal: with
     * c0 and anything). Most positions of a random value start no literal but share a first character with one; this
     * answers them with one more read instead of a comparison per candidate. A non-ASCII second character (a fold
     * partner may be one) or the value's last character go to the candidates.
     */
    private final long[] pairs = new long[128 * 128 / 64];

    private LiteralRows(RequiredLiterals[] rows) {
        long none = 0;
        List<List<Entry>> first = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            first.add(new ArrayList<>());
        }
        List<Entry> wide = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            long bit = 1L << r;
            if (rows[r] == null) {
                none |= bit;
                continue;
            }
            for (RequiredLiterals.Literal l : rows[r].literals()) {
                Entry e = new Entry(l, bit);
                char c = l.text().charAt(0);
                if (l.foldCase() || c >= 128) {
                    wide.add(e);
                }
                if (c >= 128) {
                    continue;
                }
                first.get(c).add(e);
                if (l.foldCase() && c >= 'a' && c <= 'z') {
                    first.get(c - 32).add(e);
                }
                for (char c0 : cases(c, l.foldCase())) {
                    if (l.text().length() == 1) {
                        for (int c1 = 0; c1 < 128; c1++) {
                            setPair(c0, c1);
                        }
                    } else if (l.text().charAt(1) < 128) {
                        for (char c1 : cases(l.text().charAt(1), l.foldCase())) {
                            setPair(c0, c1);
                        }
                    } else {
                        for (int c1 = 0; c1 < 128; c1++) {
                            setPair(c0, c1); // (never true with an ASCII c1: kept, conservatively)
                        }
                    }
                }
            }
        }
        for (int c = 0; c < 128; c++) {
            byFirst[c] = first.get(c).isEmpty() ? null : first.get(c).toArray(new Entry[0]);
        }
        this.always = none;
        this.nonAscii = wide.isEmpty() ? null : wide.toArray(new Entry[0]);
    }

    private static char[] cases(char c, boolean fold) {
        return fold && c >= 'a' && c <= 'z' ? new char[] {c, (char) (c - 32)} : new char[] {c};
    }

    private void setPair(int c0, int c1) {
        int bit = 128 * c0 + c1;
        pairs[bit >>> 6] |= 1L << bit;
    }

    /** The filter of these rows' conditions (null entries: no condition), or null past 64 rows. */
    static LiteralRows of(RequiredLiterals[] rows) {
        return rows.length > 64 ? null : new LiteralRows(rows);
    }

    /** Bit {@code r} set: row {@code r} has no condition or one of its literals occurs in {@code text}. */
    long rows(CharSequence text) {
        long found = always;
        int to = text.length();
        for (int i = 0; i < to; i++) {
            char c = text.charAt(i);
            Entry[] candidates;
            if (c < 128) {
                candidates = byFirst[c];
                if (candidates == null) {
                    continue;
                }
                char next = i + 1 < to ? text.charAt(i + 1) : 128;
                if (next < 128) {
                    int bit = 128 * c + next;
                    if ((pairs[bit >>> 6] & 1L << bit) == 0) {
                        continue;
                    }
                }
            } else {
                candidates = nonAscii;
                if (candidates == null) {
                    continue;
                }
            }
            for (Entry e : candidates) {
                if ((found & e.row()) == 0 && RequiredLiterals.at(text, i, to, e.literal())) {
                    found |= e.row();
                }
            }
        }
        return found;
    }
}
