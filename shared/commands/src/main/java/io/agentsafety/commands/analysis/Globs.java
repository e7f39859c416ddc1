package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Shell glob matching ({@code * ? [..]}) of a word against known names, linear-time (no regex backtracking). */
final class Globs {

    private Globs() {
    }

    static boolean hasGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0 && text.indexOf(']') > 0;
    }

    static List<String> matching(String pattern, Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (matches(pattern, name)) {
                out.add(name);
            }
        }
        return out.size() > 8 ? out.subList(0, 8) : out;
    }

    /** Iterative wildcard match with single backtrack point (linear in practice). */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '[') {
                int close = pattern.indexOf(']', p + 1);
                if (close > p && classMatches(pattern.substring(p + 1, close), text.charAt(t))) {
                    p = close + 1;
                    t++;
                    continue;
                }
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
                continue;
            }
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean classMatches(String set, char c) {
        boolean negate = set.startsWith("!") || set.startsWith("^");
        String body = negate ? set.substring(1) : set;
        boolean hit = false;
        for (int i = 0; i < body.length(); i++) {
            if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                hit |= c >= body.charAt(i) && c <= body.charAt(i + 2);
                i += 2;
            } else {
                hit |= body.charAt(i) == c;
            }
        }
        return hit != negate;
    }
}
