package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;

/** Splits SQL text into statements on top-level semicolons, respecting quotes and comments. */
final class SqlSplitter {

    private SqlSplitter() {
    }

    static List<String> split(String sql, int max) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int close = sql.indexOf(c, i + 1);
                int end = close < 0 ? n : close + 1;
                current.append(sql, i, end);
                i = end - 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = (eol < 0 ? n : eol) - 1;
                current.append(' ');
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = (close < 0 ? n : close + 2) - 1;
                current.append(' ');
            } else if (c == ';') {
                out.add(current.toString());
                current.setLength(0);
                if (out.size() >= max) {
                    out.add(sql.substring(i + 1));
                    return out;
                }
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    /** Replaces string literals and comments with blanks so keywords inside them are not seen. */
    static String stripLiterals(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int close = sql.indexOf(c, i + 1);
                i = close < 0 ? n : close;
                out.append("''");
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = (eol < 0 ? n : eol) - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
