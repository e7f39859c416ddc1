package io.agentsafety.commands.analysis;

import java.util.List;

/**
 * One argument after expansion. Parts that cannot be known statically (unset variables, command substitutions
 * whose output is not computable) are {@link #UNKNOWN} characters in {@code text}; {@code dynamic} marks output of
 * commands (e.g. {@code $(docker ps -aq)}), whose producers are listed; {@code glob} marks unquoted glob characters;
 * {@code content} is set for process substitutions ({@code <(curl ...)}).
 */
public record Arg(String text, boolean glob, boolean dynamic, List<String> producers, Content content) {

    public static final char UNKNOWN = '\u0000';

    public static Arg literal(String text) {
        return new Arg(text, false, false, List.of(), null);
    }

    /**
     * The words joined into the one command line a shell receives ({@code eval}, {@code sh -c} after ssh/watch,
     * {@code cmd /c}): their texts with single spaces, dynamic if any word is, with every word's producers.
     */
    public static Arg joined(List<Arg> words) {
        StringBuilder sb = new StringBuilder();
        boolean dynamic = false;
        List<String> producers = new java.util.ArrayList<>();
        for (Arg arg : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(arg.text());
            dynamic |= arg.dynamic();
            producers.addAll(arg.producers());
        }
        return new Arg(sb.toString(), false, dynamic, producers, null);
    }

    public boolean exact() {
        return text.indexOf(UNKNOWN) < 0;
    }

    /** Text for evidence and re-parsing: unknown parts are shown as {@code ${?}}. */
    public String display() {
        return exact() ? text : text.replace(String.valueOf(UNKNOWN), "${?}");
    }

    public boolean isFlag() {
        return text.length() > 1 && text.charAt(0) == '-';
    }
}
