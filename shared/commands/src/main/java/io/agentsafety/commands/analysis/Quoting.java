package io.agentsafety.commands.analysis;

/** Single-quotes a word for re-parsing. */
final class Quoting {

    private Quoting() {
    }

    static String quote(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,@+%~".indexOf(c) >= 0)) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
