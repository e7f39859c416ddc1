package io.agentsafety.redaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values already found as secrets in a text (or earlier in a stream), to be removed wherever else they
 * occur: a password found after {@code password=} must not stay visible where the same log line repeats
 * it without a key. Values shorter than {@link #MIN_LENGTH} are left alone (a short password such as
 * {@code x} would otherwise blank every {@code x}). Bounded: at most {@link #MAX_VALUES} values and
 * {@link #MAX_CHARS} characters; the first {@link #MAX_FULL_FORMS} values are also searched in their
 * encoded forms ({@link SecretValues}: base64, URL-encoded, hex), the rest raw only.
 */
final class FoundValues {

    static final int MIN_LENGTH = 8;
    static final int MAX_VALUE_LENGTH = 4096;
    static final int MAX_VALUES = 2048;
    static final int MAX_CHARS = 128 * 1024;
    static final int MAX_FULL_FORMS = 64;

    /** Distinct value → its first finding (kind and detector name the repeats). */
    private final Map<String, Finding> values = new LinkedHashMap<>();
    private int chars;
    private Scanner compiled;

    /** Adds the values of {@code findings} in {@code text}; returns whether anything new was added. */
    boolean addAll(CharSequence text, List<Finding> findings) {
        boolean added = false;
        for (Finding f : findings) {
            int n = f.end() - f.start();
            if (n < MIN_LENGTH || n > MAX_VALUE_LENGTH || values.size() >= MAX_VALUES || chars + n > MAX_CHARS) {
                continue;
            }
            String v = text.subSequence(f.start(), f.end()).toString();
            if (v.isBlank() || values.containsKey(v)) {
                continue;
            }
            values.put(v, f);
            chars += n;
            added = true;
            compiled = null;
        }
        return added;
    }

    /** Adds one value as it reads (a decoded secret), named by {@code f}; false when it is not kept. */
    boolean add(String v, Finding f) {
        int n = v.length();
        if (n < MIN_LENGTH || n > MAX_VALUE_LENGTH || values.size() >= MAX_VALUES || chars + n > MAX_CHARS
            || v.isBlank() || values.containsKey(v)) {
            return false;
        }
        values.put(v, f);
        chars += n;
        compiled = null;
        return true;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@link #compile()} kept until a value is added (a stream's values change rarely). */
    Scanner compiled() {
        if (compiled == null && !values.isEmpty()) {
            compiled = compile();
        }
        return compiled;
    }

    /** The values and their forms, ready for one pass; null when there are none. */
    Scanner compile() {
        if (values.isEmpty()) {
            return null;
        }
        List<SecretValues.Literal> literals = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Finding> e : values.entrySet()) {
            String kind = e.getValue().kind();
            String source = e.getValue().detector();
            if (i++ < MAX_FULL_FORMS) {
                literals.addAll(SecretValues.forms(e.getKey(), kind, source));
            } else {
                literals.add(new SecretValues.Literal(e.getKey(), kind, source));
            }
        }
        return new Scanner(literals);
    }

    /**
     * Exact search for many literals of 8+ characters at a few nanoseconds per character: the last 8
     * characters (low bytes) roll through one 64-bit word; a 64 Ki-bit filter over its hash rejects
     * almost every position with one array read, and only filter hits look the word up and compare.
     * At most {@link #MAX_PER_PREFIX} literals share a prefix (more are dropped from this search), so a
     * position costs at most that many comparisons of at most {@link #MAX_VALUE_LENGTH} characters.
     */
    static final class Scanner {

        static final int MAX_PER_PREFIX = 8;

        private final long[] filter = new long[1 << 10];
        private final Map<Long, List<SecretValues.Literal>> byPrefix = new java.util.HashMap<>();

        Scanner(List<SecretValues.Literal> literals) {
            for (SecretValues.Literal l : literals) {
                if (l.form().length() < MIN_LENGTH) {
                    continue;
                }
                long key = 0;
                for (int i = 0; i < MIN_LENGTH; i++) {
                    key = (key << 8) | (l.form().charAt(i) & 0xFF);
                }
                List<SecretValues.Literal> same = byPrefix.computeIfAbsent(key, k -> new ArrayList<>(1));
                if (same.size() < MAX_PER_PREFIX) {
                    same.add(l);
                    int h = hash(key);
                    filter[h >>> 6] |= 1L << h;
                }
            }
        }

        private static int hash(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 48);
        }

        /** Adds a finding per occurrence; overlapping occurrences coalesce as they are found. */
        void find(CharSequence text, List<Finding> out) {
            int floor = out.size();
            int n = text.length();
            long window = 0;
            for (int i = 0; i < n; i++) {
                window = (window << 8) | (text.charAt(i) & 0xFF);
                if (i < MIN_LENGTH - 1) {
                    continue;
                }
                int h = hash(window);
                if ((filter[h >>> 6] & (1L << h)) == 0) {
                    continue;
                }
                List<SecretValues.Literal> same = byPrefix.get(window);
                if (same == null) {
                    continue;
                }
                int start = i - (MIN_LENGTH - 1);
                for (SecretValues.Literal l : same) {
                    String form = l.form();
                    int end = start + form.length();
                    if (end > n || !regionEquals(text, start, form)) {
                        continue;
                    }
                    if (out.size() > floor && start < out.get(out.size() - 1).end()) {
                        Finding last = out.remove(out.size() - 1);
                        out.add(new Finding(last.kind(), last.start(), Math.max(last.end(), end), last.detector()));
                    } else {
                        out.add(new Finding(l.kind(), start, end, l.source()));
                    }
                }
            }
        }

        private static boolean regionEquals(CharSequence text, int start, String form) {
            for (int k = MIN_LENGTH; k < form.length(); k++) {
                if (text.charAt(start + k) != form.charAt(k)) {
                    return false;
                }
            }
            // the rolling word keeps only low bytes: confirm the prefix itself
            for (int k = 0; k < MIN_LENGTH; k++) {
                if (text.charAt(start + k) != form.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
    }
}
