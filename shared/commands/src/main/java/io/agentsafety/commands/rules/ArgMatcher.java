package io.agentsafety.commands.rules;

import com.google.re2j.Pattern;
import io.agentsafety.commands.analysis.Arg;
import io.agentsafety.commands.analysis.ArgClasses;

import java.util.Locale;

/**
 * Matches one argument: {@code @class} (see {@link ArgClasses.ArgClass}), {@code re:REGEX} (RE2, linear time),
 * {@code from:REGEX} (a computed argument whose producing command, e.g. {@code pgrep .}, matches), {@code prefix=@class}
 * (e.g. {@code of=@device}) or a literal (case-insensitive).
 */
final class ArgMatcher {

    private final String source;
    private final ArgClasses.ArgClass argClass;
    private final Pattern regex;
    /** A text must start with this to match {@code regex} (see {@link #requiredPrefix}); null when unknown. */
    private final String regexPrefix;
    /** A text must contain this to match {@code regex} (see {@link #requiredLiteral}); null when unknown. */
    private final String regexLiteral;
    private final String prefix;
    private final String literal;
    private final Pattern producer;

    private ArgMatcher(String source, ArgClasses.ArgClass argClass, Pattern regex, String prefix, String literal) {
        this(source, argClass, regex, prefix, literal, null);
    }

    private ArgMatcher(String source, ArgClasses.ArgClass argClass, Pattern regex, String prefix, String literal,
                       Pattern producer) {
        this.producer = producer;
        this.source = source;
        this.argClass = argClass;
        this.regex = regex;
        this.regexPrefix = regex == null ? null : requiredPrefix(regex.pattern());
        String required = regex == null ? null : requiredLiteral(regex.pattern());
        // an anchored prefix already holding the literal makes the second test redundant
        this.regexLiteral = required == null || regexPrefix != null && regexPrefix.contains(required) ? null : required;
        this.prefix = prefix;
        this.literal = literal;
    }

    static ArgMatcher parse(String spec) {
        if (spec.startsWith("from:")) {
            return new ArgMatcher(spec, null, null, null, null, Pattern.compile(spec.substring(5)));
        }
        if (spec.startsWith("re:")) {
            return new ArgMatcher(spec, null, Pattern.compile(spec.substring(3)), null, null);
        }
        int at = spec.indexOf("=@");
        if (at > 0) {
            return new ArgMatcher(spec, classOf(spec.substring(at + 1), spec), null, spec.substring(0, at + 1), null);
        }
        if (spec.startsWith("@")) {
            return new ArgMatcher(spec, classOf(spec, spec), null, null, null);
        }
        return new ArgMatcher(spec, null, null, null, spec.toLowerCase(Locale.ROOT));
    }

    private static ArgClasses.ArgClass classOf(String name, String spec) {
        try {
            return ArgClasses.ArgClass.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown argument class '" + name + "' in '" + spec + "'");
        }
    }

    boolean matches(Arg arg, Subject subject) {
        if (producer != null) {
            if (arg.dynamic()) {
                for (String p : arg.producers()) {
                    if (producer.matcher(p).find()) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (regex != null) {
            // a relative path padded with name/.. pairs (./build/../..) is matched as the shell reaches it (..) too
            String text = arg.text();
            if (mayMatch(text) && regex.matcher(text).find()) {
                return true;
            }
            String collapsed = subject.collapsed(arg);
            return !collapsed.equals(text) && mayMatch(collapsed) && regex.matcher(collapsed).find();
        }
        if (prefix != null) {
            if (!arg.text().startsWith(prefix)) {
                return false;
            }
            Arg value = new Arg(arg.text().substring(prefix.length()), arg.glob(), arg.dynamic(), arg.producers(), null);
            return ArgClasses.classify(value, subject.place).contains(argClass);
        }
        if (argClass != null) {
            return subject.classes(arg).contains(argClass);
        }
        return arg.text().toLowerCase(Locale.ROOT).equals(literal);
    }

    private boolean mayMatch(String text) {
        return (regexPrefix == null || text.startsWith(regexPrefix)) && (regexLiteral == null || text.contains(regexLiteral));
    }

    /**
     * The longest literal text every match of a case-sensitive regex contains: {@code finalizers} gives itself,
     * {@code (^|/)\.(bash|zsh)_history$} gives {@code _history}, {@code \.ssh/authorized_keys2?$} gives
     * {@code .ssh/authorized_keys}. Read from the top-level concatenation only (a group counts when it holds nothing but
     * literal text and is not repeated optionally); null when there is none or the regex uses what this reader does not
     * know (flags such as {@code (?i)}, a top-level alternation, {@code \p}, {@code \x}, {@code \Q}, a malformed
     * repeat). An unanchored regex is searched at every position of every argument of every command its rule is tried
     * against; a {@code contains} first skips the ~0.5 µs RE2 search on the many arguments without the literal.
     */
    static String requiredLiteral(String regex) {
        // a leading (?i) folds letters only: the ASCII characters that are not letters stay literal text
        // (the Windows-path regexes: "(?i)^(HKLM|HKCR|HKU):" gives ":", tried on every path argument of rm and cp)
        boolean foldCase = regex.startsWith("(?i)");
        if (foldCase) {
            regex = regex.substring(4);
        }
        if (hasFlagGroup(regex) || hasTopLevelAlternation(regex)) {
            return null;
        }
        String best = "";
        StringBuilder run = new StringBuilder();
        int n = regex.length();
        int i = 0;
        while (i < n) {
            char c = regex.charAt(i);
            String atom; // the literal text the atom matches, null when it is not literal
            int end; // index after the atom
            if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                char e = regex.charAt(i + 1);
                if (e == 'x' && i + 3 < n && isHexDigit(regex.charAt(i + 2)) && isHexDigit(regex.charAt(i + 3))) {
                    // \xHH: one character (the unknown-value marker \x00 of the path rules); \x{...} stays unread
                    atom = String.valueOf((char) Integer.parseInt(regex.substring(i + 2, i + 4), 16));
                    end = i + 4;
                } else if (e < 128 && !Character.isLetterOrDigit(e)) {
                    atom = String.valueOf(e);
                    end = i + 2;
                } else if (e < 128 && Character.isLetter(e) && "pPxQ".indexOf(e) < 0) {
                    atom = null; // \\d \\w \\s \\b \\n...: a class or an assertion
                    end = i + 2;
                } else {
                    return null;
                }
            } else if (c == '[') {
                int close = classEnd(regex, i);
                if (close < 0) {
                    return null;
                }
                atom = null;
                end = close + 1;
            } else if (c == '(') {
                int close = groupEnd(regex, i);
                if (close < 0) {
                    return null;
                }
                String inner = regex.substring(i + 1, close);
                atom = pureLiteral(inner.startsWith("?:") ? inner.substring(2) : inner);
                end = close + 1;
            } else if (c == '.' || c == '^' || c == '$') {
                atom = null;
                end = i + 1;
            } else if ("*+?{}()|[]".indexOf(c) >= 0) {
                return null; // a repeat of nothing or a stray bracket: not read
            } else {
                atom = String.valueOf(c);
                end = i + 1;
            }
            if (foldCase && atom != null && !caseless(atom)) {
                atom = null; // a letter matches its other cases too
            }
            if (end < n && "*+?{".indexOf(regex.charAt(end)) >= 0) {
                // a repeated atom: required once only after '+'; the run stops there either way
                if (regex.charAt(end) == '+' && atom != null) {
                    run.append(atom);
                }
                best = longer(best, run);
                run.setLength(0);
                i = afterRepeat(regex, end);
                if (i < 0) {
                    return null;
                }
                continue;
            }
            if (atom == null) {
                best = longer(best, run);
                run.setLength(0);
            } else {
                run.append(atom);
            }
            i = end;
        }
        best = longer(best, run);
        return best.isEmpty() ? null : best;
    }

    /** ASCII text without letters: what case folding leaves as it is. */
    private static boolean caseless(String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c >= 128 || Character.isLetter(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static String longer(String best, StringBuilder run) {
        return run.length() > best.length() ? run.toString() : best;
    }

    /** {@code (?} other than a non-capturing group: flags ({@code (?i)}), named groups. */
    private static boolean hasFlagGroup(String regex) {
        for (int at = regex.indexOf("(?"); at >= 0; at = regex.indexOf("(?", at + 1)) {
            if (at + 2 >= regex.length() || regex.charAt(at + 2) != ':') {
                return true;
            }
        }
        return false;
    }

    /** The text of a group body made only of plain and escaped punctuation characters; null otherwise. */
    private static String pureLiteral(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    return null;
                }
                char e = body.charAt(++i);
                if (e >= 128 || Character.isLetterOrDigit(e)) {
                    return null;
                }
                out.append(e);
            } else if ("\\.[](){}*+?^$|".indexOf(c) >= 0) {
                return null;
            } else {
                out.append(c);
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** The index of the {@code ]} closing the class opened at {@code open}, or -1. */
    private static int classEnd(String regex, int open) {
        int j = open + 1;
        if (j < regex.length() && regex.charAt(j) == '^') {
            j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
            j++; // a ']' first in the class is a literal
        }
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '[' && j + 1 < regex.length() && regex.charAt(j + 1) == ':') {
                int close = regex.indexOf(":]", j + 2);
                if (close < 0) {
                    return -1;
                }
                j = close + 2;
            } else if (c == ']') {
                return j;
            } else {
                j++;
            }
        }
        return -1;
    }

    /** The index of the {@code )} closing the group opened at {@code open}, or -1. */
    private static int groupEnd(String regex, int open) {
        int depth = 0;
        int j = open;
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '[') {
                j = classEnd(regex, j);
                if (j < 0) {
                    return -1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j;
            }
            j++;
        }
        return -1;
    }

    /** The index after the repeat operator at {@code at} ({@code *}, {@code +}, {@code ?}, {@code {n,m}}, lazy or not), or -1. */
    private static int afterRepeat(String regex, int at) {
        int j = at + 1;
        if (regex.charAt(at) == '{') {
            int close = regex.indexOf('}', at);
            if (close < 0 || !regex.substring(at + 1, close).matches("\\d+(,\\d*)?")) {
                return -1; // RE2 reads a malformed repeat as literal text: not read here
            }
            j = close + 1;
        }
        if (j < regex.length() && regex.charAt(j) == '?') {
            j++;
        }
        if (j < regex.length() && "*+?{".indexOf(regex.charAt(j)) >= 0) {
            return -1; // a repeated repeat (invalid in RE2)
        }
        return j;
    }

    /**
     * The literal text every match of an anchored regex starts with: {@code ^/proc/sys/} gives {@code /proc/sys/},
     * {@code ^--?replace} gives {@code -}. Null when there is none or the regex is not simply anchored (flags first, an
     * alternation outside groups). Most rule regexes are anchored paths or options, and an RE2 search costs ~0.5 µs
     * even on a short argument that differs in its first character; a {@code startsWith} first skips those.
     */
    static String requiredPrefix(String regex) {
        if (!regex.startsWith("^") || hasTopLevelAlternation(regex)) {
            return null;
        }
        StringBuilder prefix = new StringBuilder();
        int i = 1;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length() && "\\.-/+*?()[]{}^$|".indexOf(regex.charAt(i + 1)) >= 0) {
                prefix.append(regex.charAt(i + 1));
                i += 2;
            } else if ("\\.[](){}*+?^$|".indexOf(c) < 0) {
                prefix.append(c);
                i++;
            } else {
                break;
            }
        }
        // a quantifier allowing zero repetitions makes the last literal optional
        if (i < regex.length() && "*?{".indexOf(regex.charAt(i)) >= 0 && prefix.length() > 0) {
            prefix.setLength(prefix.length() - 1);
        }
        return prefix.length() == 0 ? null : prefix.toString();
    }

    private static boolean hasTopLevelAlternation(String regex) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                // a ']' first in the class (or after '^') is a literal
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return source;
    }
}
