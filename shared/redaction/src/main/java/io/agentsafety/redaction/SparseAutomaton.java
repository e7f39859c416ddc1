package io.agentsafety.redaction;

import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick automaton whose memory is linear in the total pattern length, about 14 bytes per pattern
 * character: for patterns built per request (known secret values and their encoded forms, request
 * custom-pattern keywords), where {@link KeywordAutomaton}'s dense {@code int[states × 128]} table would
 * cost ~1 KB per character.
 *
 * <p>States are numbered in insertion order, so the trie of one pattern is a chain {@code s → s+1}: that
 * edge costs one char ({@link #label}) and one bit ({@link #chained}). The few other edges (where patterns
 * branch, at most one per pattern, plus the root's) live in an open-addressing hash table; the root's
 * ASCII edges are a dense 128-entry table because the scan sits at the root most of the time.
 * Scanning is linear: one amortised transition per character plus one call per reported hit.
 */
final class SparseAutomaton {

    private static final int ROOT = 0;
    private static final long EMPTY = -1L;

    private final boolean foldCase;
    private final int[] lengths;
    private final char[] label;
    private final long[] chained;
    private final long[] branching;
    private final int[] rootAscii;
    private final long[] edgeKeys;
    private final int[] edgeTargets;
    private final int[] fail;
    /** The pattern ending exactly at a state, or -1. */
    private final int[] terminal;
    /** The nearest state on the failure chain (the state itself included) where a pattern ends, or -1. */
    private final int[] output;
    private final int states;

    private SparseAutomaton(Builder b, int[] fail, int[] output) {
        this.states = b.states;
        this.foldCase = b.foldCase;
        this.lengths = b.lengths;
        this.label = b.label;
        this.chained = b.chained;
        this.branching = b.branching;
        this.rootAscii = b.rootAscii;
        this.edgeKeys = b.edgeKeys;
        this.edgeTargets = b.edgeTargets;
        this.fail = fail;
        this.terminal = b.terminal;
        this.output = output;
    }

    /** Builds the automaton; a duplicate pattern reports under its first index only. */
    static SparseAutomaton build(List<String> patterns, boolean foldCase) {
        Builder b = new Builder(patterns, foldCase);
        for (int i = 0; i < patterns.size(); i++) {
            b.insert(patterns.get(i), i);
        }
        int states = b.states;
        long[] branches = b.branchesBySource();
        // Breadth-first, so a state's failure target (always shallower) is linked before the state itself.
        int[] queue = new int[states];
        int head = 0;
        int[] fail = new int[states];
        int[] output = new int[states];
        output[ROOT] = -1;
        int tail = b.children(ROOT, branches, queue, 0);
        while (head < tail) {
            int s = queue[head++];
            int f = fail[s];
            output[s] = b.terminal[s] >= 0 ? s : output[f];
            int first = tail;
            tail = b.children(s, branches, queue, tail);
            for (int q = first; q < tail; q++) {
                int child = queue[q];
                char c = b.label[child];
                int next = -1;
                if (s != ROOT) {
                    int g = f;
                    while ((next = b.step(g, c)) < 0 && g != ROOT) {
                        g = fail[g];
                    }
                }
                fail[child] = next < 0 ? ROOT : next;
            }
        }
        return new SparseAutomaton(b, fail, output);
    }

    int size() {
        return lengths.length;
    }

    /** Number of trie states (one per distinct pattern prefix): the memory is linear in it. */
    int states() {
        return states;
    }

    /** Reports every occurrence of every pattern in text[from, to). */
    void scanAll(CharSequence text, int from, int to, KeywordAutomaton.Sink sink) {
        int s = ROOT;
        for (int i = from; i < to; i++) {
            s = next(s, fold(text.charAt(i)));
            for (int o = output[s]; o >= 0; o = output[fail[o]]) {
                int p = terminal[o];
                sink.hit(p, i + 1 - lengths[p], i + 1);
            }
        }
    }

    /**
     * Reports, for each end position, only the longest pattern ending there: the shorter ones lie inside
     * it, so for redaction they add nothing, and the number of hits stays at most one per character.
     */
    void scanLongest(CharSequence text, int from, int to, KeywordAutomaton.Sink sink) {
        int s = ROOT;
        for (int i = from; i < to; i++) {
            s = next(s, fold(text.charAt(i)));
            int o = output[s];
            if (o >= 0) {
                int p = terminal[o];
                sink.hit(p, i + 1 - lengths[p], i + 1);
            }
        }
    }

    private int next(int state, char c) {
        int s = state;
        while (true) {
            int n = step(s, c);
            if (n >= 0) {
                return n;
            }
            if (s == ROOT) {
                return ROOT;
            }
            s = fail[s];
        }
    }

    /** The goto transition, or -1 when there is none. */
    private int step(int s, char c) {
        if (s == ROOT && c < 128) {
            return rootAscii[c];
        }
        if (s + 1 < label.length && bit(chained, s) && label[s + 1] == c) {
            return s + 1;
        }
        if (s != ROOT && !bit(branching, s)) {
            return -1;
        }
        return lookup(edgeKeys, edgeTargets, s, c);
    }

    private char fold(char c) {
        return foldCase && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean bit(long[] bits, int i) {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    private static int lookup(long[] keys, int[] targets, int state, char c) {
        long k = key(state, c);
        int mask = keys.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            long stored = keys[i];
            if (stored == k) {
                return targets[i];
            }
            if (stored == EMPTY) {
                return -1;
            }
        }
    }

    /** Trie under construction; the arrays are sized once from the total pattern length. */
    private static final class Builder {
        final boolean foldCase;
        final int[] lengths;
        final char[] label;
        final long[] chained;
        final long[] branching;
        final int[] rootAscii = new int[128];
        final int[] terminal;
        long[] edgeKeys;
        int[] edgeTargets;
        int edgeCount;
        int states = 1;
        private final int capacity;

        Builder(List<String> patterns, boolean foldCase) {
            this.foldCase = foldCase;
            long total = 1;
            for (String p : patterns) {
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("empty pattern");
                }
                total += p.length();
            }
            // the caller bounds the total (request limits); this only guards the int arithmetic
            capacity = Math.toIntExact(total);
            lengths = new int[patterns.size()];
            label = new char[capacity];
            chained = new long[(capacity >>> 6) + 1];
            branching = new long[(capacity >>> 6) + 1];
            terminal = new int[capacity];
            Arrays.fill(terminal, -1);
            Arrays.fill(rootAscii, -1);
            int edges = Integer.highestOneBit(Math.max(16, patterns.size() * 2 + 128) * 2);
            edgeKeys = new long[edges];
            Arrays.fill(edgeKeys, EMPTY);
            edgeTargets = new int[edges];
        }

        void insert(String pattern, int index) {
            lengths[index] = pattern.length();
            int s = ROOT;
            for (int k = 0; k < pattern.length(); k++) {
                char c = pattern.charAt(k);
                if (foldCase && c >= 'A' && c <= 'Z') {
                    c = (char) (c + 32);
                }
                int n = step(s, c);
                if (n < 0) {
                    n = addState(s, c);
                }
                s = n;
            }
            if (terminal[s] < 0) {
                terminal[s] = index;
            }
        }

        private int addState(int from, char c) {
            int n = states++;
            label[n] = c;
            if (from == ROOT && c < 128) {
                rootAscii[c] = n;
            } else if (n == from + 1) {
                set(chained, from);
            } else {
                set(branching, from);
                putEdge(from, c, n);
            }
            return n;
        }

        int step(int s, char c) {
            if (s == ROOT && c < 128) {
                return rootAscii[c];
            }
            if (s + 1 < states && bit(chained, s) && label[s + 1] == c) {
                return s + 1;
            }
            if (s != ROOT && !bit(branching, s)) {
                return -1;
            }
            return lookup(edgeKeys, edgeTargets, s, c);
        }

        /** The hashed edges as {@code source << 32 | target}, sorted by source. */
        long[] branchesBySource() {
            long[] out = new long[edgeCount];
            int n = 0;
            for (int i = 0; i < edgeKeys.length; i++) {
                if (edgeKeys[i] != EMPTY) {
                    out[n++] = ((edgeKeys[i] >>> 16) << 32) | edgeTargets[i];
                }
            }
            Arrays.sort(out);
            return out;
        }

        /** Appends the children of {@code s} to {@code queue} from {@code tail}; returns the new tail. */
        int children(int s, long[] branches, int[] queue, int tail) {
            int t = tail;
            if (s == ROOT) {
                for (int target : rootAscii) {
                    if (target >= 0) {
                        queue[t++] = target;
                    }
                }
            }
            if (bit(chained, s)) {
                queue[t++] = s + 1;
            }
            if (s == ROOT || bit(branching, s)) {
                int i = Arrays.binarySearch(branches, (long) s << 32);
                i = i < 0 ? -i - 1 : i;
                for (; i < branches.length && (branches[i] >>> 32) == s; i++) {
                    queue[t++] = (int) branches[i];
                }
            }
            return t;
        }

        private void putEdge(int state, char c, int target) {
            if ((edgeCount + 1) * 2 > edgeKeys.length) {
                long[] oldKeys = edgeKeys;
                int[] oldTargets = edgeTargets;
                edgeKeys = new long[oldKeys.length * 2];
                Arrays.fill(edgeKeys, EMPTY);
                edgeTargets = new int[oldKeys.length * 2];
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldKeys[i] != EMPTY) {
                        insertEdge(oldKeys[i], oldTargets[i]);
                    }
                }
            }
            insertEdge(key(state, c), target);
            edgeCount++;
        }

        private void insertEdge(long k, int target) {
            int mask = edgeKeys.length - 1;
            int i = slot(k, mask);
            while (edgeKeys[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            edgeKeys[i] = k;
            edgeTargets[i] = target;
        }
    }
}
