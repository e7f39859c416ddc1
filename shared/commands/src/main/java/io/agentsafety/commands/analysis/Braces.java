package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;

/** Bash brace expansion of an unquoted literal word: {@code {a,b}c} and {@code {1..3}}, bounded. */
final class Braces {

    private static final int MAX = 64;

    private Braces() {
    }

    static List<String> expand(String word) {
        List<String> out = new ArrayList<>();
        expand(word, out, 0);
        return out.isEmpty() ? List.of(word) : out;
    }

    private static void expand(String word, List<String> out, int depth) {
        if (out.size() >= MAX || depth > 8) {
            out.add(word);
            return;
        }
        int open = -1;
        int close = -1;
        int level = 0;
        boolean comma = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '{') {
                if (level == 0) {
                    open = i;
                    comma = false;
                }
                level++;
            } else if (c == '}' && level > 0) {
                level--;
                if (level == 0) {
                    String inner = word.substring(open + 1, i);
                    if (comma || inner.length() <= 32 && inner.matches("-?\\w+\\.\\.-?\\w+")) {
                        close = i;
                        break;
                    }
                }
            } else if (c == ',' && level == 1) {
                comma = true;
            }
        }
        if (open < 0 || close < 0) {
            out.add(word);
            return;
        }
        String prefix = word.substring(0, open);
        String suffix = word.substring(close + 1);
        for (String alternative : alternatives(word.substring(open + 1, close))) {
            if (out.size() >= MAX) {
                return;
            }
            expand(prefix + alternative + suffix, out, depth + 1);
        }
    }

    private static List<String> alternatives(String inner) {
        List<String> parts = new ArrayList<>();
        if (inner.matches("-?\\d{1,6}\\.\\.-?\\d{1,6}")) {
            String[] ends = inner.split("\\.\\.");
            int a = Integer.parseInt(ends[0]);
            int b = Integer.parseInt(ends[1]);
            for (int i = a; a <= b ? i <= b : i >= b; i += a <= b ? 1 : -1) {
                parts.add(String.valueOf(i));
                if (parts.size() >= MAX) {
                    break;
                }
            }
            return parts;
        }
        int level = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '{') {
                level++;
            } else if (c == '}') {
                level--;
            } else if (c == ',' && level == 0) {
                parts.add(inner.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(inner.substring(start));
        return parts;
    }
}
