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

    /** The words as one argv for re-parsing: each quoted, joined by single spaces. */
    static String argv(Iterable<String> words) {
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(quote(word));
        }
        return out.toString();
    }
}
