package io.agentsafety.redaction;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper estimate of the size of a regex once compiled (RE2J instructions): every atom counts 1, a
 * group counts its contents, and a counted repetition {@code {n,m}} multiplies what it repeats by
 * {@code max(n, m)}. RE2J bounds each count to 1000 but not their nesting, so {@code (a{1000}){1000}}
 * (15 characters) compiles to a million instructions, ~65 MB; RE2 in C++ refuses it. Over-estimating
 * (an escape or a class counted generously) is safe; the pattern is parsed by RE2J afterwards anyway.
 */
final class RegexSize {

    private RegexSize() {
    }

    static long estimate(String regex) {
        Deque<long[]> outer = new ArrayDeque<>();
        long[] frame = {0, 0}; // {size so far, size of the last item}
        int n = regex.length();
        int i = 0;
        while (i < n) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
                        int end = regex.indexOf("\\E", i + 2);
                        int stop = end < 0 ? n : end;
                        frame[0] += stop - (i + 2);
                        frame[1] = 1;
                        i = end < 0 ? n : end + 2;
                        continue;
                    }
                    i = skipEscape(regex, i);
                    item(frame, 1);
                    continue;
                }
                case '[' -> {
                    i = skipClass(regex, i);
                    item(frame, 1);
                    continue;
                }
                case '(' -> {
                    outer.push(frame);
                    frame = new long[] {0, 0};
                }
                case ')' -> {
                    long inner = Math.max(1, frame[0]);
                    frame = outer.isEmpty() ? new long[] {0, 0} : outer.pop();
                    item(frame, inner);
                }
                case '|' -> frame[1] = 0;
                case '*', '+', '?' -> frame[0] += 1;
                case '{' -> {
                    int close = regex.indexOf('}', i);
                    long times = close < 0 ? -1 : repeatCount(regex.substring(i + 1, close));
                    if (times < 0) {
                        item(frame, 1);
                    } else {
                        frame[0] = saturatingAdd(frame[0], saturatingMultiply(frame[1], times - 1));
                        frame[1] = saturatingMultiply(frame[1], times);
                        i = close + 1;
                        continue;
                    }
                }
                default -> item(frame, 1);
            }
            i++;
        }
        long total = frame[0];
        while (!outer.isEmpty()) {
            total = saturatingAdd(total, outer.pop()[0]);
        }
        return total;
    }

    private static void item(long[] frame, long size) {
        frame[0] = saturatingAdd(frame[0], size);
        frame[1] = size;
    }

    /** {@code n}, {@code n,} or {@code n,m}: the larger bound (n+1 for open ranges); -1 if not a count. */
    private static long repeatCount(String body) {
        if (!body.matches("[0-9]{1,7}(,[0-9]{0,7})?")) {
            return -1;
        }
        int comma = body.indexOf(',');
        if (comma < 0) {
            return Long.parseLong(body);
        }
        long min = Long.parseLong(body.substring(0, comma));
        String max = body.substring(comma + 1);
        return max.isEmpty() ? min + 1 : Math.max(min, Long.parseLong(max));
    }

    private static int skipEscape(String regex, int i) {
        int n = regex.length();
        if (i + 1 >= n) {
            return n;
        }
        char e = regex.charAt(i + 1);
        if ((e == 'p' || e == 'P' || e == 'x') && i + 2 < n && regex.charAt(i + 2) == '{') {
            int close = regex.indexOf('}', i + 3);
            return close < 0 ? n : close + 1;
        }
        return i + 2;
    }

    private static int skipClass(String regex, int i) {
        int n = regex.length();
        int k = i + 1;
        if (k < n && regex.charAt(k) == '^') {
            k++;
        }
        if (k < n && regex.charAt(k) == ']') {
            k++;
        }
        while (k < n && regex.charAt(k) != ']') {
            if (regex.charAt(k) == '\\') {
                k++;
            } else if (regex.startsWith("[:", k)) {
                int close = regex.indexOf(":]", k + 2);
                k = close < 0 ? k : close + 1;
            }
            k++;
        }
        return Math.min(n, k + 1);
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatingMultiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
