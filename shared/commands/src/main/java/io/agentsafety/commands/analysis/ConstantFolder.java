package io.agentsafety.commands.analysis;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Cheap constant folding of script code before it is searched for commands: string concatenation of literals
 * ({@code 'sys' + 'tem'}, Perl/PHP {@code 'a' . 'b'}, Python {@code 'a' 'b'}), character codes ({@code chr(114)},
 * {@code String.fromCharCode(114, 109)}), joins of literal lists ({@code ''.join(['r', 'm'])},
 * {@code ''.join(map(chr, [114, 109]))}, {@code ['r', 'm'].join('')}), and the lookups that turn a literal into a
 * module or function ({@code getattr(os, 'system')} is {@code os.system}, {@code __import__('os')} and
 * {@code importlib.import_module('os')} are {@code os}, {@code pathlib.Path('/')} is {@code '/'}, {@code cp['execSync'](} is {@code cp.execSync(}). Each pass is linear
 * (a scan and RE2 rewrites); at most a few passes run.
 */
final class ConstantFolder {

    private static final int PASSES = 3;
    private static final Pattern CHR = Pattern.compile("\\b(?:chr|unichr)\\(\\s*(\\d{1,7})\\s*\\)");
    private static final Pattern FROM_CHAR_CODE = Pattern.compile("String\\.fromCharCode\\(\\s*(\\d{1,7}(?:\\s*,\\s*\\d{1,7})*)\\s*\\)");
    private static final Pattern JOIN_MAP_CHR = Pattern.compile(
        "(?:''|\"\")\\.join\\(\\s*map\\(\\s*chr\\s*,\\s*[\\[(]\\s*(\\d{1,7}(?:\\s*,\\s*\\d{1,7})*)\\s*,?\\s*[\\])]\\s*\\)\\s*\\)");
    private static final Pattern JOIN_LIST = Pattern.compile(
        "(?:''|\"\")\\.join\\(\\s*[\\[(]\\s*((?:'[^'\\\\\\n]*'|\"[^\"\\\\\\n]*\")(?:\\s*,\\s*(?:'[^'\\\\\\n]*'|\"[^\"\\\\\\n]*\"))*)\\s*,?\\s*[\\])]\\s*\\)");
    private static final Pattern LIST_JOIN = Pattern.compile(
        "\\[\\s*((?:'[^'\\\\\\n]*'|\"[^\"\\\\\\n]*\")(?:\\s*,\\s*(?:'[^'\\\\\\n]*'|\"[^\"\\\\\\n]*\"))*)\\s*,?\\s*\\]\\.join\\(\\s*(?:''|\"\")\\s*\\)");
    private static final Pattern GETATTR = Pattern.compile(
        "\\bgetattr\\(\\s*([A-Za-z_][\\w.]*|__import__\\(\\s*'[\\w.]+'\\s*\\))\\s*,\\s*['\"]([A-Za-z_]\\w*)['\"]\\s*\\)");
    private static final Pattern IMPORT = Pattern.compile(
        "(?:\\b__import__|\\bimportlib\\.import_module|\\bimport_module)\\(\\s*['\"]([A-Za-z_][\\w.]*)['\"]\\s*\\)");
    /** A member looked up by a literal name and called: {@code cp['execSync'](...)} is {@code cp.execSync(...)}. */
    private static final Pattern CALLED_MEMBER = Pattern.compile("\\[\\s*(?:'([A-Za-z_$]\\w*)'|\"([A-Za-z_$]\\w*)\")\\s*\\]\\s*\\(");
    private static final Pattern PATH_OF_LITERAL = Pattern.compile(
        "\\b(?:pathlib\\.)?(?:Pure)?(?:Posix)?Path\\(\\s*('[^'\\\\\\n]*'|\"[^\"\\\\\\n]*\")\\s*\\)");

    /** Every {@link #IMPORT} match holds one: a bare "import" (in every Python program) ran it on each. */
    private static final LiteralGate IMPORT_CALL = LiteralGate.anyOf("__import__(", "import_module(");

    private ConstantFolder() {
    }

    static String fold(String code, String language) {
        String out = code;
        for (int pass = 0; pass < PASSES; pass++) {
            String before = out;
            // each rewrite runs only where the literal text every match of its pattern contains is present
            out = replace(CHR, "chr(", out, m -> literal(codePoints(m.group(1))));
            out = replace(FROM_CHAR_CODE, "String.fromCharCode(", out, m -> literal(codePoints(m.group(1))));
            out = replace(JOIN_MAP_CHR, ".join(", out, m -> literal(codePoints(m.group(1))));
            out = concatenate(out, language);
            out = replace(JOIN_LIST, ".join(", out, m -> literal(joined(m.group(1))));
            out = replace(LIST_JOIN, "].join(", out, m -> literal(joined(m.group(1))));
            out = replace(IMPORT, IMPORT_CALL, out, m -> m.group(1));
            out = replace(GETATTR, "getattr(", out, m -> m.group(1) + "." + m.group(2));
            out = replace(PATH_OF_LITERAL, "Path(", out, m -> m.group(1));
            out = replace(CALLED_MEMBER, "]", out, m -> "." + (m.group(1) != null ? m.group(1) : m.group(2)) + "(");
            if (out.equals(before)) {
                break;
            }
        }
        return out;
    }

    /** {@code 'a' + 'b'} (and {@code .} in Perl/PHP, adjacency in Python) to {@code 'ab'}: one linear scan. */
    private static String concatenate(String code, String language) {
        boolean dot = language.equals("perl") || language.equals("php");
        boolean adjacent = language.equals("python");
        StringBuilder out = new StringBuilder(code.length());
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if ((c == '\'' || c == '"') && (i == 0 || !Character.isLetterOrDigit(code.charAt(i - 1)))) {
                int end = stringEnd(code, i);
                if (end < 0) {
                    out.append(code, i, n);
                    break;
                }
                StringBuilder value = new StringBuilder(unquote(code, i, end));
                int next = end + 1;
                int parts = 1;
                while (true) {
                    int j = skipSpaces(code, next);
                    boolean operator = j < n && (code.charAt(j) == '+' || dot && code.charAt(j) == '.');
                    int k = operator ? skipSpaces(code, j + 1) : j;
                    if (!(operator || adjacent && k > next) || k >= n || code.charAt(k) != '\'' && code.charAt(k) != '"'
                        || operator && j + 1 < n && (code.charAt(j + 1) == '=' || code.charAt(j + 1) == code.charAt(j))) {
                        break;
                    }
                    int kEnd = stringEnd(code, k);
                    if (kEnd < 0) {
                        break;
                    }
                    value.append(unquote(code, k, kEnd));
                    next = kEnd + 1;
                    parts++;
                }
                if (parts > 1) {
                    out.append(quote(value.toString()));
                } else {
                    out.append(code, i, end + 1);
                }
                i = next;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Index of the quote closing a one-line literal opened at {@code open}, or -1 (triple quotes are left alone). */
    private static int stringEnd(String code, int open) {
        char q = code.charAt(open);
        if (code.startsWith(String.valueOf(q).repeat(3), open)) {
            return -1;
        }
        for (int i = open + 1; i < code.length() && i < open + 4096; i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static String unquote(String code, int open, int close) {
        StringBuilder sb = new StringBuilder();
        for (int i = open + 1; i < close; i++) {
            char c = code.charAt(i);
            if (c == '\\' && i + 1 < close) {
                char e = code.charAt(++i);
                sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int skipSpaces(String code, int i) {
        while (i < code.length() && (code.charAt(i) == ' ' || code.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String codePoints(String list) {
        StringBuilder sb = new StringBuilder();
        for (String number : list.split("\\s*,\\s*")) {
            int cp = Integer.parseInt(number.trim());
            if (cp <= Character.MAX_CODE_POINT) {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private static String joined(String items) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < items.length()) {
            char q = items.charAt(i);
            if (q == '\'' || q == '"') {
                int end = items.indexOf(q, i + 1);
                sb.append(items, i + 1, end);
                i = end + 1;
            } else {
                i++;
            }
        }
        return sb.toString();
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    private static String literal(String value) {
        return quote(value);
    }

    /**
     * Rewrites every match of {@code pattern}; {@code needed} is a literal every match contains, so a text without it is
     * returned as it is without running the pattern (most code has none of these constructs).
     */
    private static String replace(Pattern pattern, String needed, String text, java.util.function.Function<Matcher, String> replacement) {
        if (!LiteralGate.mayContain(text, needed)) {
            return text;
        }
        return replaceAll(pattern, text, replacement);
    }

    /** As above, with a gate of several literals (one of which every match contains). */
    private static String replace(Pattern pattern, LiteralGate gate, String text, java.util.function.Function<Matcher, String> replacement) {
        return gate.mayMatch(text) ? replaceAll(pattern, text, replacement) : text;
    }

    private static String replaceAll(Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        do {
            sb.append(text, last, m.start()).append(replacement.apply(m));
            last = m.end();
        } while (m.find());
        return sb.append(text, last, text.length()).toString();
    }
}
