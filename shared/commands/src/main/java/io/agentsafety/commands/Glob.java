package io.agentsafety.commands;

/**
 * The one shell-pattern matcher of the project, for command names ({@code /bin/k?ll}) and protected paths
 * ({@code /etc/*}, {@code *.pem}): {@code *} matches any run of characters, {@code ?} one character, {@code [abc]},
 * {@code [a-z]}, {@code [!x]} / {@code [^x]} one character of (or not of) a class, {@code \x} the character x itself; an
 * unclosed {@code [} is an ordinary character, as in the shell. Matching is on the whole text ({@code /} is an ordinary
 * character: callers that match paths match one segment at a time, {@code **} is theirs to handle). Iterative with
 * a single backtrack point, so linear in practice and never a regex.
 */
public final class Glob {

    private Glob() {
    }

    /** Whether {@code text} holds glob syntax: {@code *}, {@code ?}, or a {@code [...]} class. */
    public static boolean hasGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0 && text.indexOf(']') > 0;
    }

    /** Whether all of {@code text} matches {@code pattern}. */
    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int afterStar = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length()) {
                if (pattern.charAt(p) == '*') {
                    afterStar = ++p;
                    starText = t;
                    continue;
                }
                int next = single(pattern, p, text.charAt(t));
                if (next >= 0) {
                    p = next;
                    t++;
                    continue;
                }
            }
            if (afterStar < 0) {
                return false;
            }
            // the last * takes one more character
            p = afterStar;
            t = ++starText;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** The index after the one-character token at {@code p} when it matches {@code c}, else -1. */
    private static int single(String pattern, int p, char c) {
        char first = pattern.charAt(p);
        if (first == '?') {
            return p + 1;
        }
        if (first == '\\' && p + 1 < pattern.length()) {
            return pattern.charAt(p + 1) == c ? p + 2 : -1;
        }
        if (first == '[') {
            int close = pattern.indexOf(']', p + 1);
            if (close > 0) {
                return classMatches(pattern.substring(p + 1, close), c) ? close + 1 : -1;
            }
        }
        return first == c ? p + 1 : -1;
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
