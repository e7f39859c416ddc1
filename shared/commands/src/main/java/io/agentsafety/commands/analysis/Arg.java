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
