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
     * Exact search for many literals of 8+ characters, reading a fraction of the text (Wu-Manber): at each
     * position the 3 characters ending there (low bytes, hashed) say how far the next possible end of a literal's
     * {@code m}-character prefix can be, and the scan jumps there (up to {@code m - 2} characters; a block that occurs
     * in no prefix cannot be inside one). {@code m} is the shortest literal's length, at least 8 and at most
     * {@link #MAX_PREFIX}: found secrets are mostly 16+ characters, and a longer prefix doubles the jump. Where the jump
     * is 0 the literal would start {@code m - 1} characters back; its first 8 characters (low bytes) form one 64-bit
     * word, a 64 Ki-bit filter over its hash rejects almost every such position, and only filter hits look the word
     * up and compare.
     * At most {@link #MAX_PER_PREFIX} literals share a prefix (more are dropped from this search), so a
     * position costs at most that many comparisons of at most {@link #MAX_VALUE_LENGTH} characters.
     */
    static final class Scanner {

        static final int MAX_PER_PREFIX = 8;

        /** Characters per block of the skip table: a prefix's first block ends at offset 2. */
        private static final int BLOCK = 3;
        /** Longest prefix the skip table covers: longer ones set more slots of the table than they save in jumps. */
        static final int MAX_PREFIX = 16;

        /** Characters of every literal the skip table covers ({@code m}), and the longest jump ({@code m - 2}). */
        private final int prefix;
        private final int maxShift;

        private final long[] filter = new long[1 << 10];
        private final Map<Long, List<SecretValues.Literal>> byPrefix = new java.util.HashMap<>();
        /**
         * By block hash: the least distance from a block ending at offset q of a kept prefix to its end (m - 1 - q). Sized
         * to the literals (about 8 slots per block, 1 Ki to 64 Ki), so that a log line's few values cost little.
         */
        private final byte[] shift;
        private final int shiftBits;
        /**
         * One bit per slot of {@link #shift}: set where the jump is shorter than {@link #maxShift}. Most blocks of a text
         * hold no value's block (the slots are ~8 per block), and this 8 KiB set answers them from the first-level cache,
         * where the byte table (up to 64 KiB) cost a cache miss per jump.
         */
        private final long[] shortJump;

        Scanner(List<SecretValues.Literal> literals) {
            int m = MAX_PREFIX;
            for (SecretValues.Literal l : literals) {
                if (l.form().length() >= MIN_LENGTH) {
                    m = Math.min(m, l.form().length());
                }
            }
            prefix = m;
            maxShift = m - BLOCK + 1;
            int bits = 10;
            while (bits < 16 && (1 << bits) < literals.size() * maxShift * 8) {
                bits++;
            }
            shiftBits = bits;
            shift = new byte[1 << bits];
            shortJump = new long[Math.max(1, (1 << bits) >>> 6)];
            java.util.Arrays.fill(shift, (byte) maxShift);
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
                    String f = l.form();
                    for (int q = BLOCK - 1; q < prefix; q++) {
                        int b = block(f.charAt(q - 2), f.charAt(q - 1), f.charAt(q), shiftBits);
                        shift[b] = (byte) Math.min(shift[b], prefix - 1 - q);
                        if (shift[b] < maxShift) {
                            shortJump[b >>> 6] |= 1L << b;
                        }
                    }
                }
            }
        }

        private static int block(char a, char b, char c, int bits) {
            int k = (a & 0xFF) << 16 | (b & 0xFF) << 8 | (c & 0xFF);
            return (k * 0x9E3779B1) >>> (32 - bits);
        }

        private static int hash(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 48);
        }

        /** Adds a finding per occurrence; overlapping occurrences coalesce as they are found. */
        void find(CharSequence text, List<Finding> out) {
            if (text instanceof String s) {
                // the common case, kept monomorphic (String.charAt inlines to a byte read for Latin-1 text)
                find(s, out);
                return;
            }
            find(text.toString(), out);
        }

        private void find(String text, List<Finding> out) {
            int floor = out.size();
            int n = text.length();
            final byte[] skip = shift;
            final long[] near = shortJump;
            final int bits = shiftBits;
            final int longest = maxShift;
            final int back = prefix - 1;
            int i = back;
            while (i < n) {
                // i is the last character of a candidate prefix; every literal's prefix end at or after i is >= i + jump
                int b = block(text.charAt(i - 2), text.charAt(i - 1), text.charAt(i), bits);
                if ((near[b >>> 6] & (1L << b)) == 0) {
                    i += longest;
                    continue;
                }
                int jump = skip[b];
                if (jump > 0) {
                    i += jump;
                    continue;
                }
                int start = i - back;
                i++;
                long window = 0;
                for (int k = start; k < start + MIN_LENGTH; k++) {
                    window = (window << 8) | (text.charAt(k) & 0xFF);
                }
                int h = hash(window);
                if ((filter[h >>> 6] & (1L << h)) == 0) {
                    continue;
                }
                List<SecretValues.Literal> same = byPrefix.get(window);
                if (same == null) {
                    continue;
                }
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

        private static boolean regionEquals(String text, int start, String form) {
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
