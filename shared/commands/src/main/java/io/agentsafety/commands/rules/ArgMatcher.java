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
        return regexPrefix == null || text.startsWith(regexPrefix);
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
