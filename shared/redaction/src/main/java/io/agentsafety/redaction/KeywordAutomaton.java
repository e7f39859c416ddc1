package io.agentsafety.redaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aho-Corasick automaton: finds every occurrence of every pattern in one left-to-right pass, whatever
 * the number of patterns. ASCII transitions are a dense precomputed table (one array read per
 * character); other characters walk failure links. With {@code foldCase} ASCII letters match either
 * case (keyword prefilter); without it matching is exact (literal secret values).
 */
final class KeywordAutomaton {

    /** Receives each occurrence: the pattern index and the [start, end) span in the text. */
    interface Sink {
        void hit(int pattern, int start, int end);
    }

    private static final int ALPHABET = 128;

    private final boolean foldCase;
    /**
     * ASCII characters by class: the characters no pattern holds share class 0 (every state sends them to the root),
     * each other character has its own, and with {@code foldCase} an upper-case letter takes its lower case's. Rows of
     * {@link #coded} are one entry per class instead of per character (~50 instead of 128 for the detector keywords),
     * so the part of the table that ordinary text walks through stays in the fastest caches; folding costs no branch.
     */
    private final byte[] classOf; // read as unsigned: at most 129 classes
    private final int classes;
    /**
     * ASCII transitions, {@code coded[(code(state) >>> 1) + classOf[c]]}: each target premultiplied by the row length
     * and shifted left once, with bit 0 set when the target has outputs, so a character costs one dependent array
     * read and a bit test instead of a second, dependent read of the output table.
     */
    private final int[] coded;
    private final int[] fail;
    private final int[][] outputs;
    private final int[] lengths;
    private final int longest;
    private final Map<Long, Integer> wideChildren;

    private KeywordAutomaton(boolean foldCase, int[] delta, int[] fail, int[][] outputs, int[] lengths,
                             Map<Long, Integer> wideChildren) {
        this.foldCase = foldCase;
        int states = delta.length / ALPHABET;
        // a character is "used" when some state has a transition on it other than back to the root's
        boolean[] used = new boolean[ALPHABET];
        for (int st = 0; st < states; st++) {
            for (int c = 0; c < ALPHABET; c++) {
                used[c] |= delta[st * ALPHABET + c] != 0;
            }
        }
        this.classOf = new byte[ALPHABET];
        int k = 1;
        for (int c = 0; c < ALPHABET; c++) {
            if (used[c] && !(foldCase && c >= 'A' && c <= 'Z')) {
                classOf[c] = (byte) k++;
            }
        }
        if (foldCase) {
            for (int c = 'A'; c <= 'Z'; c++) {
                classOf[c] = classOf[c + 32];
            }
        }
        this.classes = k;
        this.coded = new int[states * k];
        for (int st = 0; st < states; st++) {
            for (int c = 0; c < ALPHABET; c++) {
                coded[st * k + (classOf[c] & 0xFF)] = code(delta[st * ALPHABET + (foldCase ? fold((char) c, true) : c)], outputs, k);
            }
        }
        this.fail = fail;
        this.outputs = outputs;
        this.lengths = lengths;
        int max = 0;
        for (int length : lengths) {
            max = Math.max(max, length);
        }
        this.longest = max;
        this.wideChildren = wideChildren;
    }

    static KeywordAutomaton build(List<String> patterns, boolean foldCase) {
        int capacity = 1;
        for (String p : patterns) {
            capacity += p.length();
        }
        int[] goTo = new int[capacity * ALPHABET];
        Arrays.fill(goTo, -1);
        Map<Long, Integer> wide = new HashMap<>();
        List<List<Integer>> own = new ArrayList<>();
        own.add(new ArrayList<>());
        int states = 1;
        int[] lengths = new int[patterns.size()];
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty pattern");
            }
            lengths[i] = p.length();
            int s = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = fold(p.charAt(k), foldCase);
                int next;
                if (c < ALPHABET) {
                    next = goTo[s * ALPHABET + c];
                    if (next < 0) {
                        next = states++;
                        goTo[s * ALPHABET + c] = next;
                        own.add(new ArrayList<>());
                    }
                } else {
                    Integer existing = wide.get(key(s, c));
                    if (existing == null) {
                        next = states++;
                        wide.put(key(s, c), next);
                        own.add(new ArrayList<>());
                    } else {
                        next = existing;
                    }
                }
                s = next;
            }
            own.get(s).add(i);
        }
        int[] fail = new int[states];
        int[] delta = new int[states * ALPHABET];
        int[][] outputs = new int[states][];
        // Breadth-first: a state's failure target is always complete before the state itself.
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < ALPHABET; c++) {
            int child = goTo[c];
            if (child > 0) {
                fail[child] = 0;
                delta[c] = child;
                queue.add(child);
            } else {
                delta[c] = 0;
            }
        }
        Map<Integer, List<long[]>> wideByParent = new HashMap<>();
        for (Map.Entry<Long, Integer> e : wide.entrySet()) {
            int parent = (int) (e.getKey() >>> 16);
            wideByParent.computeIfAbsent(parent, k -> new ArrayList<>())
                .add(new long[] {e.getKey() & 0xFFFF, e.getValue()});
        }
        for (long[] child : wideByParent.getOrDefault(0, List.of())) {
            fail[(int) child[1]] = 0;
            queue.add((int) child[1]);
        }
        outputs[0] = toArray(own.get(0));
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int f = fail[s];
            List<Integer> out = new ArrayList<>(own.get(s));
            for (int o : outputs[f]) {
                out.add(o);
            }
            outputs[s] = toArray(out);
            for (int c = 0; c < ALPHABET; c++) {
                int child = goTo[s * ALPHABET + c];
                if (child > 0) {
                    fail[child] = delta[f * ALPHABET + c];
                    delta[s * ALPHABET + c] = child;
                    queue.add(child);
                } else {
                    delta[s * ALPHABET + c] = delta[f * ALPHABET + c];
                }
            }
            for (long[] child : wideByParent.getOrDefault(s, List.of())) {
                int target = (int) child[1];
                fail[target] = wideStep(wide, fail, f, (char) child[0]);
                queue.add(target);
            }
        }
        return new KeywordAutomaton(foldCase, delta, fail, outputs, lengths, wide);
    }

    int size() {
        return lengths.length;
    }

    /** A state as {@link #coded} holds it: premultiplied by the row length, shifted once, bit 0 set when it has outputs. */
    private static int code(int state, int[][] outputs, int classes) {
        return (state * classes) << 1 | (outputs[state].length != 0 ? 1 : 0);
    }

    /** The state a coded value stands for. */
    private int state(int coded) {
        return (coded >>> 1) / classes;
    }

    /** Reports every occurrence in text[from, to). */
    void scan(CharSequence text, int from, int to, Sink sink) {
        if (text instanceof String str) {
            // the common case, kept monomorphic: String.charAt inlines to a byte read for Latin-1 text
            scanString(str, from, to, sink);
            return;
        }
        int s = 0;
        final int[] d = coded;
        final byte[] cls = classOf;
        final boolean fold = foldCase;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < ALPHABET) {
                s = d[(s >>> 1) + (cls[c] & 0xFF)];
            } else {
                s = code(wideStep(wideChildren, fail, state(s), fold(c, fold)), outputs, classes);
            }
            if ((s & 1) != 0) {
                report(state(s), i, sink);
            }
        }
    }

    /**
     * Characters per quarter of a segment of {@link #scanString}: each quarter is one dependency chain, and the four
     * chains' table reads interleave. The later quarters' hits wait in buffers ({@link Held}) until the segment ends.
     */
    static final int QUARTER = 1 << 13;

    /**
     * Characters copied out of the String at a time per chain: the loop then reads {@code char[]}s, without
     * {@code String.charAt}'s per-character coder test and bounds check (4 × 1 KiB, beside the table in L1).
     */
    private static final int PIECE = 1 << 9;

    /**
     * Each table read needs the state the previous one returned, so one pass waits on memory for every character. A
     * long text is cut into segments of four quarters scanned side by side, four independent chains in one loop (two
     * chains took 33 ms per 10 MiB mixed log, four with the {@code char[]} pieces 19–20 ms): the first quarter
     * continues from the state the text had before it and reports at once; each later one starts from the root
     * {@code longest - 1} characters before its quarter (an occurrence ending in it starts no earlier, and from there
     * on its state is the one a single pass would have, every state being a suffix of at most {@code longest}
     * characters), and its hits are reported, in order, after the earlier quarters'. Same hits, same order as one pass.
     */
    private void scanString(String text, int from, int to, Sink sink) {
        if (to - from < 8 * QUARTER || longest > QUARTER) {
            scanRange(text, from, to, 0, sink);
            return;
        }
        final int[] d = coded;
        final byte[] cls = classOf;
        Held held = new Held();
        char[] c0 = new char[PIECE];
        char[] c1 = new char[PIECE];
        char[] c2 = new char[PIECE];
        char[] c3 = new char[PIECE];
        int s0 = 0;
        int a = from;
        while (to - a >= 4 * QUARTER) {
            int q1 = a + QUARTER;
            int q2 = q1 + QUARTER;
            int q3 = q2 + QUARTER;
            // the later chains' lead-ins: states only, every hit there ends before the chain's quarter
            int s1 = leadIn(text, q1);
            int s2 = leadIn(text, q2);
            int s3 = leadIn(text, q3);
            held.clear();
            for (int p0 = 0; p0 < QUARTER; p0 += PIECE) {
                text.getChars(a + p0, a + p0 + PIECE, c0, 0);
                text.getChars(q1 + p0, q1 + p0 + PIECE, c1, 0);
                text.getChars(q2 + p0, q2 + p0 + PIECE, c2, 0);
                text.getChars(q3 + p0, q3 + p0 + PIECE, c3, 0);
                for (int k = 0; k < PIECE; k++) {
                    char x0 = c0[k];
                    char x1 = c1[k];
                    char x2 = c2[k];
                    char x3 = c3[k];
                    s0 = x0 < ALPHABET ? d[(s0 >>> 1) + (cls[x0] & 0xFF)] : step(s0, x0, d, cls);
                    s1 = x1 < ALPHABET ? d[(s1 >>> 1) + (cls[x1] & 0xFF)] : step(s1, x1, d, cls);
                    s2 = x2 < ALPHABET ? d[(s2 >>> 1) + (cls[x2] & 0xFF)] : step(s2, x2, d, cls);
                    s3 = x3 < ALPHABET ? d[(s3 >>> 1) + (cls[x3] & 0xFF)] : step(s3, x3, d, cls);
                    if (((s0 | s1 | s2 | s3) & 1) != 0) {
                        if ((s0 & 1) != 0) {
                            report(state(s0), a + p0 + k, sink);
                        }
                        if ((s1 & 1) != 0) {
                            held.add(1, outputs[state(s1)], q1 + p0 + k, lengths);
                        }
                        if ((s2 & 1) != 0) {
                            held.add(2, outputs[state(s2)], q2 + p0 + k, lengths);
                        }
                        if ((s3 & 1) != 0) {
                            held.add(3, outputs[state(s3)], q3 + p0 + k, lengths);
                        }
                    }
                }
            }
            held.report(sink);
            s0 = s3;
            a = q3 + QUARTER;
        }
        scanRange(text, a, to, s0, sink);
    }

    /** The state at {@code at} of a chain started at the root {@code longest - 1} characters before it. */
    private int leadIn(String text, int at) {
        int t = 0;
        for (int i = at - (longest - 1); i < at; i++) {
            t = step(t, text.charAt(i), coded, classOf);
        }
        return t;
    }

    /** The later chains' hits of one segment, per chain in text order, reported after the first chain's. */
    private static final class Held {
        private final int[][] hits = {null, new int[3 * 256], new int[3 * 256], new int[3 * 256]};
        private final int[] count = new int[4];

        void clear() {
            Arrays.fill(count, 0);
        }

        void add(int chain, int[] patterns, int i, int[] lengths) {
            for (int p : patterns) {
                int n = count[chain];
                if (n + 3 > hits[chain].length) {
                    hits[chain] = Arrays.copyOf(hits[chain], hits[chain].length * 2);
                }
                hits[chain][n] = p;
                hits[chain][n + 1] = i + 1 - lengths[p];
                hits[chain][n + 2] = i + 1;
                count[chain] = n + 3;
            }
        }

        void report(Sink sink) {
            for (int chain = 1; chain < 4; chain++) {
                int[] h = hits[chain];
                for (int k = 0; k < count[chain]; k += 3) {
                    sink.hit(h[k], h[k + 1], h[k + 2]);
                }
            }
        }
    }

    /** One chain over text[from, to) from {@code state} (coded). */
    private void scanRange(String text, int from, int to, int state, Sink sink) {
        int s = state;
        final int[] d = coded;
        final byte[] cls = classOf;
        final boolean fold = foldCase;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < ALPHABET) {
                s = d[(s >>> 1) + (cls[c] & 0xFF)];
            } else {
                s = code(wideStep(wideChildren, fail, state(s), fold(c, fold)), outputs, classes);
            }
            if ((s & 1) != 0) {
                report(state(s), i, sink);
            }
        }
    }

    private int step(int s, char c, int[] d, byte[] cls) {
        return c < ALPHABET ? d[(s >>> 1) + (cls[c] & 0xFF)] : code(wideStep(wideChildren, fail, state(s), fold(c, foldCase)), outputs, classes);
    }

    private void report(int state, int i, Sink sink) {
        for (int p : outputs[state]) {
            sink.hit(p, i + 1 - lengths[p], i + 1);
        }
    }

    private static int wideStep(Map<Long, Integer> wide, int[] fail, int state, char c) {
        if (wide.isEmpty()) {
            return 0;
        }
        int s = state;
        while (true) {
            Integer next = wide.get(key(s, c));
            if (next != null) {
                return next;
            }
            if (s == 0) {
                return 0;
            }
            s = fail[s];
        }
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    private static char fold(char c, boolean foldCase) {
        return foldCase && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static int[] toArray(List<Integer> values) {
        int[] a = new int[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
