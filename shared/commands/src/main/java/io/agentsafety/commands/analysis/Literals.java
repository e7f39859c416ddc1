package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads string and list literals out of script code (Python/Ruby/Perl/JS/PHP syntax, the common subset). */
final class Literals {

    /** A literal value ({@code text}; argv lists joined with quoting) or, when not literal, its source text. */
    record Value(String text, boolean list, String source) {
    }

    private static final Pattern ASSIGNMENT = Pattern.compile(
        "(?:^|[\\s;{(])(?:my\\s+|let\\s+|const\\s+|var\\s+)?\\$?([A-Za-z_]\\w*)\\s*=\\s*(?=[\"'\\[])", Pattern.MULTILINE);
    private static final Pattern HOME_EXPR = Pattern.compile(
        "^(?:os\\.path\\.expanduser\\(\\s*['\"]~/?['\"]|(?:pathlib\\.)?Path\\.home\\(|os\\.homedir\\(|Dir\\.home|ENV\\[['\"]HOME['\"]\\]"
            + "|os\\.environ\\[['\"]HOME['\"]\\]|process\\.env\\.HOME|\\$ENV\\{HOME\\}|os\\.getenv\\(['\"]HOME['\"]|File\\.expand_path\\(['\"]~)");

    private Literals() {
    }

    static Map<String, String> assignments(String code) {
        Map<String, String> out = new HashMap<>();
        Matcher m = ASSIGNMENT.matcher(code);
        int count = 0;
        while (m.find() && count++ < 256) {
            Value value = literal(code, m.end(), Map.of());
            if (value != null && value.text() != null) {
                out.put(m.group(1), value.text());
            }
        }
        return out;
    }

    /** The call argument starting at {@code pos}: a literal, a variable with a literal value, or unresolved. */
    static Value argument(String code, int pos, Map<String, String> assignments) {
        int i = skipSpaces(code, pos);
        if (i >= code.length()) {
            return null;
        }
        Value literal = literal(code, i, assignments);
        if (literal != null) {
            return literal;
        }
        int end = i;
        while (end < code.length() && end - i < 200 && ",)\n;".indexOf(code.charAt(end)) < 0) {
            end++;
        }
        String source = code.substring(i, end).trim();
        if (source.isEmpty()) {
            return null;
        }
        Matcher home = HOME_EXPR.matcher(source);
        if (home.find()) {
            return new Value("~", false, source);
        }
        if (source.matches("[A-Za-z_]\\w*") && assignments.containsKey(source)) {
            return new Value(assignments.get(source), false, source);
        }
        if (source.matches("\\$?[A-Za-z_]\\w*") && assignments.containsKey(source.replace("$", ""))) {
            return new Value(assignments.get(source.replace("$", "")), false, source);
        }
        return new Value(null, false, source);
    }

    private static Value literal(String code, int i, Map<String, String> assignments) {
        if (i >= code.length()) {
            return null;
        }
        char c = code.charAt(i);
        if ((c == 'f' || c == 'r' || c == 'b' || c == 'u') && i + 1 < code.length()
            && (code.charAt(i + 1) == '\'' || code.charAt(i + 1) == '"')) {
            Value v = literal(code, i + 1, assignments);
            return v == null || c != 'f' ? v : new Value(v.text().replaceAll("\\{[^}]*}", "\\$UNRESOLVED"), false, v.source());
        }
        if (c == '\'' || c == '"') {
            String s = string(code, i);
            return s == null ? null : new Value(s, false, s);
        }
        if (c == '[') {
            List<String> items = new ArrayList<>();
            int j = i + 1;
            while (j < code.length()) {
                j = skipSpaces(code, j);
                if (j >= code.length()) {
                    return null;
                }
                char d = code.charAt(j);
                if (d == ']') {
                    break;
                }
                if (d == ',') {
                    j++;
                    continue;
                }
                if (d == '\'' || d == '"') {
                    String item = string(code, j);
                    if (item == null) {
                        return null;
                    }
                    items.add(item);
                    j = skipString(code, j);
                } else {
                    return new Value(null, true, code.substring(i, Math.min(code.length(), i + 120)));
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String item : items) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(Quoting.quote(item));
            }
            return new Value(sb.toString(), true, sb.toString());
        }
        return null;
    }

    private static String string(String code, int i) {
        char q = code.charAt(i);
        boolean triple = code.startsWith(String.valueOf(q).repeat(3), i);
        int start = i + (triple ? 3 : 1);
        StringBuilder sb = new StringBuilder();
        int j = start;
        while (j < code.length()) {
            char c = code.charAt(j);
            if (triple ? code.startsWith(String.valueOf(q).repeat(3), j) : c == q) {
                return sb.toString();
            }
            if (c == '\\' && j + 1 < code.length()) {
                char e = code.charAt(j + 1);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    default -> sb.append(e);
                }
                j += 2;
                continue;
            }
            sb.append(c);
            j++;
        }
        return null;
    }

    private static int skipString(String code, int i) {
        char q = code.charAt(i);
        int j = i + 1;
        while (j < code.length() && code.charAt(j) != q) {
            j += code.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
    }

    private static int skipSpaces(String code, int i) {
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }
}
