package io.agentsafety.commands.analysis;

import java.util.List;

/**
 * Ruby's percent literals as the strings and word lists they are: {@code %q{rm -rf /}}, {@code %Q(...)}, {@code %(...)}
 * (a string) and {@code %w[rm -rf /]}, {@code %W[...]} (an array of words, also splatted: {@code system(*%w[...])}).
 * Bracket delimiters nest ({@code %q{a {b}}}); any other punctuation closes at its next occurrence. A {@code #{...}}
 * interpolation of {@code %Q}/{@code %W}/{@code %(} is a value the analysis does not compute.
 */
final class PercentLiterals {

    private static final String OPENERS = "([{<";
    private static final String CLOSERS = ")]}>";

    private PercentLiterals() {
    }

    /** The literal starting at {@code i} (at its {@code %}, or a splat {@code *} before it), or null if none starts there. */
    static Literals.Value read(String code, int i) {
        int p = i < code.length() && code.charAt(i) == '*' ? i + 1 : i;
        if (p + 2 >= code.length() || code.charAt(p) != '%') {
            return null;
        }
        char kind = code.charAt(p + 1);
        boolean typed = kind == 'q' || kind == 'Q' || kind == 'w' || kind == 'W';
        int open = typed ? p + 2 : p + 1;
        char delimiter = code.charAt(open);
        if (Character.isLetterOrDigit(delimiter) || Character.isWhitespace(delimiter) || !typed && OPENERS.indexOf(delimiter) < 0) {
            return null; // % as an operator, or a kind this reader does not know (%i, %r, %x)
        }
        int pair = OPENERS.indexOf(delimiter);
        char close = pair >= 0 ? CLOSERS.charAt(pair) : delimiter;
        int depth = 0;
        StringBuilder text = new StringBuilder();
        for (int j = open + 1; j < code.length() && j - open < 4096; j++) {
            char c = code.charAt(j);
            if (c == '\\' && j + 1 < code.length()) {
                text.append(code.charAt(++j));
                continue;
            }
            if (pair >= 0 && c == delimiter) {
                depth++;
            } else if (c == close && depth-- == 0) {
                String source = code.substring(i, j + 1);
                boolean interpolates = kind != 'q' && kind != 'w';
                if (interpolates && text.indexOf("#{") >= 0) {
                    return new Literals.Value(null, kind == 'w' || kind == 'W', source);
                }
                if (kind == 'w' || kind == 'W') {
                    return new Literals.Value(Quoting.argv(List.of(text.toString().trim().split("\\s+"))), true, source);
                }
                return new Literals.Value(text.toString(), false, source);
            }
            text.append(c);
        }
        return null;
    }
}
