package io.agentsafety.audit;

import java.util.regex.Pattern;

/**
 * Redis stream ids ({@code <milliseconds>-<sequence>}, both unsigned 64-bit): validation of the ids
 * callers hand back as cursors, and the neighbours that turn an exclusive bound into an inclusive one
 * (works on every Redis version, not only those with {@code (} ranges).
 */
final class StreamIds {

    private static final Pattern SHAPE = Pattern.compile("[0-9]{1,20}-[0-9]{1,20}");

    private StreamIds() {
    }

    static boolean isValid(String id) {
        if (id == null || !SHAPE.matcher(id).matches()) {
            return false;
        }
        int dash = id.indexOf('-');
        return fits(id.substring(0, dash)) && fits(id.substring(dash + 1));
    }

    /** The greatest id below {@code id}, or null when there is none (0-0). */
    static String before(String id) {
        int dash = id.indexOf('-');
        long ms = Long.parseUnsignedLong(id.substring(0, dash));
        long seq = Long.parseUnsignedLong(id.substring(dash + 1));
        if (seq != 0) {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq - 1);
        }
        if (ms == 0) {
            return null;
        }
        return Long.toUnsignedString(ms - 1) + "-" + Long.toUnsignedString(-1L);
    }

    /** The smallest id above {@code id}, or null when there is none. */
    static String after(String id) {
        int dash = id.indexOf('-');
        long ms = Long.parseUnsignedLong(id.substring(0, dash));
        long seq = Long.parseUnsignedLong(id.substring(dash + 1));
        if (seq != -1L) {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq + 1);
        }
        if (ms == -1L) {
            return null;
        }
        return Long.toUnsignedString(ms + 1) + "-0";
    }

    static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int byMs = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, da)), Long.parseUnsignedLong(b.substring(0, db)));
        return byMs != 0 ? byMs
            : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(da + 1)), Long.parseUnsignedLong(b.substring(db + 1)));
    }

    private static boolean fits(String digits) {
        try {
            Long.parseUnsignedLong(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
