package io.agentsafety.budget;

import java.util.List;

/**
 * A script's newline-separated answer, cut once: the positions of its fields, read in place (amounts and numbers parsed
 * from the answer itself, strings cut only for the fields kept as text). Why not {@code split}: a spend's answer has
 * 18 fields, and splitting made a String of each before most were parsed into numbers; with the lists below this was
 * ~1 KB of garbage per spend. A field past the end reads as empty, as {@code split}'s missing fields did.
 */
final class ReplyFields {

    private final String text;
    private final int[] starts;
    private final int[] ends;
    private final int count;

    ReplyFields(String text) {
        this.text = text;
        int fields = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            fields++;
        }
        starts = new int[fields];
        ends = new int[fields];
        int start = 0;
        for (int f = 0; f < fields; f++) {
            int end = f == fields - 1 ? text.length() : text.indexOf('\n', start);
            starts[f] = start;
            ends[f] = end;
            start = end + 1;
        }
        count = fields;
    }

    int count() {
        return count;
    }

    String text(int field) {
        return field < count ? text.substring(starts[field], ends[field]) : "";
    }

    boolean isEmpty(int field) {
        return field >= count || starts[field] == ends[field];
    }

    /** Whether the field is exactly {@code expected}. */
    boolean is(int field, String expected) {
        return field < count ? ends[field] - starts[field] == expected.length()
            && text.startsWith(expected, starts[field]) : expected.isEmpty();
    }

    /** A ledger amount ({@link Amounts#parse}); empty is 0. */
    long amount(int field) {
        return field < count ? Amounts.parse(text, starts[field], ends[field]) : 0;
    }

    /** A decimal integer; empty is 0. */
    long number(int field) {
        return isEmpty(field) ? 0 : Long.parseLong(text, starts[field], ends[field], 10);
    }

    /**
     * A comma-separated list ('' = none). The thresholds and the crossed ones are the same text on most answers: the
     * list of the last such text is kept in {@code last} and handed out again (it is immutable).
     */
    List<String> list(int field, Last last) {
        if (isEmpty(field)) {
            return List.of();
        }
        Last.Entry seen = last.entry;
        int length = ends[field] - starts[field];
        if (seen != null && seen.text.length() == length && text.startsWith(seen.text, starts[field])) {
            return seen.list;
        }
        String value = text(field);
        List<String> list = List.of(value.split(","));
        last.entry = new Last.Entry(value, list);
        return list;
    }

    /** The last list one field held (a racy cache: a lost update only costs a parse). */
    static final class Last {
        private record Entry(String text, List<String> list) {
        }

        private volatile Entry entry;
    }
}
