package io.agentsafety.commands.shell;

import java.util.function.Function;

/** Parses the inside of {@code ${...}}: name, operator and operand. */
final class ParamExpansion {

    private static final String[] OPERATORS = {":-", ":=", ":?", ":+", "##", "%%", "//", "/#", "/%", "^^", ",,",
        "-", "=", "?", "+", "#", "%", "/", "^", ",", ":", "@"};

    private ParamExpansion() {
    }

    static Word.Param parse(String inner, boolean quoted, Function<String, Word> wordParser) {
        if (inner.startsWith("#") && inner.length() > 1) {
            return new Word.Param(inner.substring(1), "length", null, quoted);
        }
        String prefix = null;
        String text = inner;
        if (text.startsWith("!")) {
            prefix = "!";
            text = text.substring(1);
        }
        int i = 0;
        if (i < text.length() && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
            while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                i++;
            }
        } else if (i < text.length()) {
            i++;
            while (i < text.length() && Character.isDigit(text.charAt(i)) && Character.isDigit(text.charAt(0))) {
                i++;
            }
        }
        String name = text.substring(0, i);
        if (i < text.length() && text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            String index = close < 0 ? "" : text.substring(i + 1, close);
            if (!index.isEmpty() && index.length() <= 4 && index.chars().allMatch(Character::isDigit)) {
                name = name + "[" + Integer.parseInt(index) + "]"; // ${a[1]}: one element; ${a[@]} is the whole array
            }
            i = close < 0 ? text.length() : close + 1;
        }
        String rest = text.substring(i);
        if (prefix != null) {
            return new Word.Param(name, "indirect", null, quoted);
        }
        if (rest.isEmpty()) {
            return new Word.Param(name, null, null, quoted);
        }
        for (String op : OPERATORS) {
            if (rest.startsWith(op)) {
                return new Word.Param(name, op, wordParser.apply(rest.substring(op.length())), quoted);
            }
        }
        return new Word.Param(name, "?unknown", null, quoted);
    }
}
