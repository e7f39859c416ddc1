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
            if (regex.matcher(text).find()) {
                return true;
            }
            String collapsed = subject.collapsed(arg);
            return !collapsed.equals(text) && regex.matcher(collapsed).find();
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

    @Override
    public String toString() {
        return source;
    }
}
