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

    /** The word a value the analysis cannot know stands for in the command it builds. */
    static final String UNRESOLVED = "$UNRESOLVED";

    private static final Pattern ASSIGNMENT = Pattern.compile(
        "(?:^|[\\s;{(])(?:my\\s+|let\\s+|const\\s+|var\\s+)?\\$?([A-Za-z_]\\w*)\\s*=\\s*(?=[\"'\\[])", Pattern.MULTILINE);
    private static final Pattern HOME_EXPR = Pattern.compile(
        "^(?:os\\.path\\.expanduser\\(\\s*['\"]~/?['\"]|(?:pathlib\\.)?Path\\.home\\(|os\\.homedir\\(|homedir\\(|Dir\\.home|ENV\\[['\"]HOME['\"]\\]"
            + "|os\\.environ\\[['\"]HOME['\"]\\]|process\\.env\\.HOME|\\$ENV\\{HOME\\}|os\\.getenv\\(['\"]HOME['\"]|File\\.expand_path\\(['\"]~"
            + "|System\\.getProperty\\(['\"]user\\.home['\"]|System\\.getenv\\(['\"]HOME['\"]"
            + "|Deno\\.env\\.get\\(['\"]HOME['\"]|Bun\\.env\\.HOME)");

    private Literals() {
    }

    static Map<String, String> assignments(String code) {
        Map<String, String> out = new HashMap<>();
        if (code.indexOf('=') < 0) {
            return out; // every assignment has one; most one-liners hold none, and the scan tries every position
        }
        Matcher m = ASSIGNMENT.matcher(code);
        int count = 0;
        while (m.find() && count++ < 256) {
            // the whole right-hand side (ASSIGNMENT only matches one opening with a literal): c = ' '.join([...]) is
            // not ' ', c = 'r''m -rf ~' is 'rm -rf ~'
            Value value = commandArgument(code, m.end(), Map.of());
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
            return literal.list() || literal.text() == null ? literal : concatenated(code, i, literal, assignments).value();
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

    /**
     * {@code 'rm -rf ' + os.environ['HOME']}, {@code "rm -rf " + dir + "/cache"}: a string literal joined with more operands
     * by {@code +}. A literal operand, or a variable holding one, is appended as it is; the home directory in its library
     * spellings as {@code ~}; anything else as {@code $UNRESOLVED}, a word the shell analysis cannot know (as an f-string's
     * {@code {expr}}), so the command keeps the shape it has when it runs instead of losing its operand.
     */
    private static Chain concatenated(String code, int start, Value first, Map<String, String> assignments) {
        int j = skipString(code, Character.isLetter(code.charAt(start)) ? start + 1 : start);
        StringBuilder text = new StringBuilder(first.text());
        boolean joined = false;
        for (int n = 0; n < 16; n++) {
            int k = skipSpaces(code, j);
            // adjacent literals are one string in Python and Ruby ('r''m -rf /'); elsewhere they do not parse
            boolean adjacent = startsString(code, k);
            int operator = adjacent || k >= code.length() ? 0 : concatOperator(code, k);
            if (!adjacent && operator == 0) {
                break;
            }
            k = adjacent ? k : skipSpaces(code, k + operator);
            if (k >= code.length()) {
                break;
            }
            Value operand = literal(code, k, assignments);
            if (operand != null && operand.text() != null && !operand.list()) {
                text.append(operand.text());
                j = skipString(code, Character.isLetter(code.charAt(k)) ? k + 1 : k);
            } else {
                j = operandEnd(code, k);
                String source = code.substring(k, j).trim();
                text.append(HOME_EXPR.matcher(source).find() ? "~"
                    : source.matches("[A-Za-z_]\\w*") && assignments.containsKey(source) ? assignments.get(source) : UNRESOLVED);
            }
            joined = true;
        }
        Value value = joined ? new Value(text.toString(), false, code.substring(start, Math.min(j, code.length()))) : first;
        return new Chain(value, Math.min(j, code.length()));
    }

    /** The home directory in one of its library spellings starts at {@code i} ({@code System.getProperty("user.home")}). */
    static boolean homeAt(String code, int i) {
        return HOME_EXPR.matcher(code).region(i, code.length()).lookingAt();
    }

    /** The length of a string concatenation operator at {@code k}: {@code +} (not {@code +=}), Lua's {@code ..}; else 0. */
    private static int concatOperator(String code, int k) {
        char c = code.charAt(k);
        if (c == '+') {
            return k + 1 < code.length() && code.charAt(k + 1) == '=' ? 0 : 1;
        }
        boolean dots = c == '.' && k + 1 < code.length() && code.charAt(k + 1) == '.';
        return dots && (k + 2 >= code.length() || code.charAt(k + 2) != '.') ? 2 : 0;
    }

        /** A string built from literals and where its source ends. */
    private record Chain(Value value, int end) {
    }

    /**
     * As {@link #argument}, for an argument that is run as a command or code: the string must be what the call receives.
     * A path argument keeps {@link #argument}'s reading ({@code '/etc/hosts'.unlink()} is how ConstantFolder writes
     * {@code Path('/etc/hosts').unlink()}).
     */
    static Value commandArgument(String code, int pos, Map<String, String> assignments) {
        int i = skipSpaces(code, pos);
        Value literal = i < code.length() ? literal(code, i, assignments) : null;
        if (literal == null || literal.list() || literal.text() == null) {
            return argument(code, pos, assignments);
        }
        Chain chain = concatenated(code, i, literal, assignments);
        return transformed(code, i, skipSpaces(code, chain.end()), chain.value());
    }

    /**
     * The string built so far, as the argument is written on: {@code '...'.format(...)} fills its fields with the
     * literal arguments and keeps the others unknown, as an f-string's (FormatCall); any other method, an index or slice, or an operator ({@code ' '.join([...])},
     * {@code '...'[::-1]}, {@code '...' % d}, {@code '...' * 2}) makes a value the analysis does not compute, so it is
     * reported unknown rather than read as the literal it started from.
     */
    private static Value transformed(String code, int start, int next, Value value) {
        if (next >= code.length()) {
            return value;
        }
        char c = code.charAt(next);
        if (c == '.' && code.startsWith("format", skipSpaces(code, next + 1))) {
            return new Value(FormatCall.apply(value.text(), code, next), false, value.source());
        }
        if (c == '.' && KEEPS_COMMAND.matcher(code).region(next, code.length()).lookingAt()) {
            return value; // 'git log --oneline'.split() is the same command as argv, .strip()/.encode() the same text
        }
        if (c == '.' || c == '[' || c == '%' || c == '*') {
            return new Value(null, false, code.substring(start, Math.min(code.length(), operandEnd(code, next))));
        }
        return value;
    }

    private static final java.util.regex.Pattern KEEPS_COMMAND = java.util.regex.Pattern.compile(
        "\\.\\s*(?:split|strip|rstrip|lstrip|encode|decode)\\(\\s*\\)(?!\\s*[.\\[])");

    /** A string literal starts at {@code i}, with or without a one-letter prefix ({@code f'}, {@code r"}, {@code b'}). */
    private static boolean startsString(String code, int i) {
        if (i >= code.length()) {
            return false;
        }
        char c = code.charAt(i);
        return c == '\'' || c == '"' || (c == 'f' || c == 'r' || c == 'b' || c == 'u') && i + 1 < code.length()
            && (code.charAt(i + 1) == '\'' || code.charAt(i + 1) == '"') && (i == 0 || !Character.isLetterOrDigit(code.charAt(i - 1)));
    }

    /** Where an operand of {@code +} ends: the next {@code +} or {@code ..}, comma, {@code ;} or newline outside brackets and strings. */
    static int operandEnd(String code, int from) {
        int depth = 0;
        int j = from;
        while (j < code.length() && j - from < 200) {
            char c = code.charAt(j);
            if (c == '\'' || c == '"') {
                j = skipString(code, j);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && (c == '+' || c == ',' || c == ';' || c == '\n'
                || c == '.' && j + 1 < code.length() && code.charAt(j + 1) == '.')) {
                break;
            }
            j++;
        }
        return Math.min(j, code.length());
    }

    /** An f-string field holding a string literal or a name assigned one, e.g. {@code f'rm -rf {"/"}'}; other fields stay unknown. */
    private static final java.util.regex.Pattern FSTRING_FIELD = java.util.regex.Pattern.compile(
        "\\{\\s*(?:'([^'{}\\\\]*)'|\"([^\"{}\\\\]*)\"|([A-Za-z_]\\w*))\\s*}|\\{[^}]*}");

    private static String formatted(String text, Map<String, String> assignments) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        java.util.regex.Matcher m = FSTRING_FIELD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2)
                : m.group(3) != null && assignments.containsKey(m.group(3)) ? assignments.get(m.group(3)) : UNRESOLVED;
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Value literal(String code, int i, Map<String, String> assignments) {
        if (i >= code.length()) {
            return null;
        }
        char c = code.charAt(i);
        if ((c == 'f' || c == 'r' || c == 'b' || c == 'u') && i + 1 < code.length()
            && (code.charAt(i + 1) == '\'' || code.charAt(i + 1) == '"')) {
            Value v = literal(code, i + 1, assignments);
            return v == null || c != 'f' ? v : new Value(formatted(v.text(), assignments), false, v.source());
        }
        if (c == '\'' || c == '"') {
            String s = string(code, i);
            return s == null ? null : new Value(s, false, s);
        }
        if (c == '%' || c == '*') {
            return PercentLiterals.read(code, i); // Ruby's %q{...}, %w[...]
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
            String argv = Quoting.argv(items);
            return new Value(argv, true, argv);
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
        String triple = String.valueOf(q).repeat(3);
        if (code.startsWith(triple, i)) {
            int close = code.indexOf(triple, i + 3);
            return close < 0 ? code.length() : close + 3;
        }
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
