package io.agentsafety.sandbox.exec;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX single-quoting: the only way a value goes into a command line this module builds. */
final class ShellQuote {

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9_./:=@+,-]+");

    private ShellQuote() {
    }

    /** One shell word: unchanged when it has no special character, else in single quotes ({@code '} as {@code '\''}). */
    static String word(String value) {
        if (!value.isEmpty() && PLAIN.matcher(value).matches() && !value.startsWith("-")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Program words as given (trusted, from the ecosystem table), then each argument quoted. */
    static String line(List<String> program, List<String> arguments) {
        String head = program.stream().map(ShellQuote::word).collect(Collectors.joining(" "));
        if (arguments.isEmpty()) {
            return head;
        }
        return head + " " + arguments.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
