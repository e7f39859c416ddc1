package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where interpreter code holds text rather than code: the contents of its plain string literals, and (Ruby, Perl)
 * its comments. A call spelled inside such text ({@code print('shutil.rmtree(x)')}, a docstring, {@code ruby -e
 * '# FileUtils.rm_rf("/")'}) is not a call, so CodeAnalyzer skips matches that start there.
 *
 * <p>It fails closed, since hiding code would be a bypass. {@link #find} answers null (nothing is text) wherever the
 * scan could lose track or a string may run as code: an unterminated string, a lone {@code /} outside strings in
 * JavaScript, Ruby or Perl (a regular expression or a division), a JavaScript template with {@code ${...}}, a
 * here-document, Ruby's {@code %x}/{@code %r} literals and {@code ?c} characters, Perl's quote-like operators
 * ({@code q qq qw qx m s tr y qr}), POD and {@code =begin} blocks, {@code $'}/{@code $"} variables, and any code that
 * names a way of running a string ({@code exec}, {@code eval}, {@code compile}, {@code timeit}, {@code vm.}...).
 * Interpolating strings ({@code "#{...}"}, {@code "@{[...]}"}, {@code "{$x}"}, an f-string's braces) stay code; a
 * string holding no {@code (} stays code too, so a function named by a string ({@code call_user_func('system', ...)},
 * {@code cp['execSync']}) is still seen. One linear pass, only over interpreter code.
 */
final class InertStrings {

    /** Names of ways to run a string as code; code holding one gets no inert text at all. */
    private static final Pattern RUNS_STRINGS = Pattern.compile(
        "(?<![\\w$])(?:exec|eval|compile|Function|timeit|runpy|Script|Worker|doctest|pdb|cProfile|profile|trace|interact|runsource"
            + "|ERB|InstructionSequence|send|__send__|public_send|instance_eval|class_eval|module_eval|instance_exec|create_function"
            + "|assert|preg_replace|call_user_func|call_user_func_array|include|include_once|setTimeout|setInterval|pickle|marshal"
            + "|yaml|Template|render|binding|constructor|_compile|compileFunction|runInThisContext|runInNewContext|runInContext"
            // a program started with an argv (os.execv, spawn, execFile) may be an interpreter given code in a string
            + "|execv|execve|execvp|execvpe|execl|execlp|execle|execlpe|spawnv|spawnl|spawnvp|spawnlp|posix_spawn|spawn|spawnSync"
            + "|execFile|execFileSync|executable|fork)(?![\\w$])"
            + "|\\bvm\\b|\\bcode\\.|\\bimport\\s*\\(|(?<![\\w$])do\\s+[$\"']|['\"]-[A-Za-z]*[ceEr]['\"]");
    /** What every match of RUNS_STRINGS contains (see LiteralGate): the pattern is tried only on code holding one. */
    private static final LiteralGate MAY_RUN_STRINGS = LiteralGate.anyOf("exec", "eval", "compile", "Function", "timeit", "runpy",
        "Script", "Worker", "doctest", "pdb", "rofile", "trace", "interact", "runsource", "ERB", "Sequence", "send", "_exec",
        "create_function", "assert", "preg_replace", "call_user_func", "include", "setTimeout", "setInterval", "pickle",
        "marshal", "yaml", "Template", "render", "binding", "vm", "code.", "import", "do", "constructor", "_compile",
        "runIn", "spawn", "executable", "fork", "-");
    private static final int MAX_CODE = 1 << 20;

    /** Half-open spans [start, end) of text, sorted; comments only for Ruby and Perl. */
    record Spans(int[] text, int[] comments, int textCount, int commentCount) {

        boolean covers(int pos) {
            for (int i = 0; i < textCount; i += 2) {
                if (pos < text[i]) {
                    return false;
                }
                if (pos < text[i + 1]) {
                    return true;
                }
            }
            return false;
        }

        /** The code with its comments blanked (newlines kept). */
        String withoutComments(String code) {
            if (commentCount == 0) {
                return code;
            }
            StringBuilder b = new StringBuilder(code);
            for (int i = 0; i < commentCount; i += 2) {
                for (int j = comments[i]; j < comments[i + 1]; j++) {
                    if (b.charAt(j) != '\n') {
                        b.setCharAt(j, ' ');
                    }
                }
            }
            return b.toString();
        }
    }

    /**
     * The spans of one piece of code, found on the first question: most code holds no call pattern at all, so the scan
     * (and the look for ways of running a string) is paid only by code in which a call was matched.
     */
    static final class Lazy {
        private final String lang;
        private final String code;
        private Spans spans;
        private boolean found;

        Lazy(String lang, String code) {
            this.lang = lang;
            this.code = code;
        }

        boolean covers(int pos) {
            if (!found) {
                spans = find(lang, code);
                found = true;
            }
            return spans != null && spans.covers(pos);
        }
    }

    private final String code;
    private final String lang;
    private final List<Integer> text = new ArrayList<>();
    private final List<Integer> comments = new ArrayList<>();

    private InertStrings(String lang, String code) {
        this.lang = lang;
        this.code = code;
    }

    /** The spans of text in {@code code} of {@code lang} (python, node, php, ruby, perl), or null when there are none or the scan fails. */
    static Spans find(String lang, String code) {
        if (code == null || code.length() > MAX_CODE || !(lang.equals("python") || lang.equals("node") || lang.equals("php")
            || lang.equals("ruby") || lang.equals("perl")) || MAY_RUN_STRINGS.mayMatch(code) && RUNS_STRINGS.matcher(code).find()) {
            return null;
        }
        InertStrings s = new InertStrings(lang, code);
        if (!s.scan() || s.text.isEmpty() && s.comments.isEmpty()) {
            return null;
        }
        return new Spans(toArray(s.text), toArray(s.comments), s.text.size(), s.comments.size());
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private boolean scan() {
        boolean python = lang.equals("python");
        boolean rubyOrPerl = lang.equals("ruby") || lang.equals("perl");
        int n = code.length();
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            boolean lineStart = i == 0 || code.charAt(i - 1) == '\n';
            if (c == '\'' || c == '"') {
                int next = python ? pythonString(i) : quoted(i, c);
                if (next < 0) {
                    return false;
                }
                i = next;
            } else if (c == '`') {
                if (lang.equals("node")) {
                    int end = closing(i + 1, '`', true);
                    if (end < 0 || code.substring(i, end).contains("${")) {
                        return false;
                    }
                    mark(text, i + 1, end - 1);
                    i = end;
                } else {
                    return false; // a command in PHP, Ruby and Perl
                }
            } else if (c == '#' && (python || lang.equals("php") || rubyOrPerl && !(i > 0 && code.charAt(i - 1) == '$'))) {
                int eol = code.indexOf('\n', i);
                eol = eol < 0 ? n : eol;
                if (rubyOrPerl) {
                    mark(comments, i, eol);
                }
                i = eol;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/' && (lang.equals("node") || lang.equals("php"))) {
                int eol = code.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*' && (lang.equals("node") || lang.equals("php"))) {
                int close = code.indexOf("*/", i + 2);
                if (close < 0) {
                    return false;
                }
                i = close + 2;
            } else if (c == '/' && !python && !lang.equals("php")) {
                return false; // a regular expression or a division
            } else if (c == '<' && code.startsWith("<<", i) && !python && heredoc(i + 2)) {
                return false;
            } else if (c == '=' && lineStart && rubyOrPerl && i + 1 < n && Character.isLetter(code.charAt(i + 1))) {
                return false; // =begin, =pod, =head1...
            } else if (c == '$' && i + 1 < n && (code.charAt(i + 1) == '\'' || code.charAt(i + 1) == '"') && !python) {
                return false; // Ruby's and Perl's $' and $"
            } else if (c == '?' && lang.equals("ruby") && i + 1 < n && "'\"#`".indexOf(code.charAt(i + 1)) >= 0) {
                return false; // a character literal
            } else if (c == '%' && lang.equals("ruby") && i + 1 < n && !Character.isWhitespace(code.charAt(i + 1))
                && code.charAt(i + 1) != '=' && !Character.isDigit(code.charAt(i + 1))) {
                return false; // %q{...}, %w(...), %x(...): not followed here
            } else if (lang.equals("perl") && Character.isLetter(c) && (i == 0 || !isWordish(code.charAt(i - 1)))) {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(code.charAt(end)) || code.charAt(end) == '_')) {
                    end++;
                }
                if (quoteLike(code.substring(i, end)) && end < n && !",;)=}".contains(String.valueOf(code.charAt(end)))) {
                    return false;
                }
                i = end;
            } else {
                i++;
            }
        }
        return true;
    }

    /** A Python string at {@code open} (prefix letters already passed): marks its text; the index after it, or -1. */
    private int pythonString(int open) {
        char q = code.charAt(open);
        boolean triple = code.startsWith(String.valueOf(q).repeat(3), open);
        int from = open + (triple ? 3 : 1);
        int end = triple ? tripleEnd(from, q) : closing(from, q, false);
        if (end < 0) {
            return -1;
        }
        int contentEnd = end - (triple ? 3 : 1);
        if (formatted(open)) {
            // text outside {...}; an expression holding a quote may end the string elsewhere (3.12): give up
            int i = from;
            int segment = from;
            while (i < contentEnd) {
                char c = code.charAt(i);
                if (c == '{' && i + 1 < contentEnd && code.charAt(i + 1) == '{') {
                    i += 2;
                } else if (c == '{') {
                    int close = code.indexOf('}', i);
                    if (close < 0 || close >= contentEnd || code.substring(i + 1, close).matches("(?s).*['\"\\n{].*")) {
                        return -1;
                    }
                    mark(text, segment, i);
                    i = close + 1;
                    segment = i;
                } else {
                    i++;
                }
            }
            mark(text, segment, contentEnd);
        } else {
            markIfText(from, contentEnd);
        }
        return end;
    }

    /** A JavaScript, PHP, Ruby or Perl quoted string: marks it unless it interpolates; the index after it, or -1. */
    private int quoted(int open, char q) {
        int end = closing(open + 1, q, lang.equals("ruby") || lang.equals("perl") || lang.equals("php"));
        if (end < 0) {
            return -1;
        }
        String content = code.substring(open + 1, end - 1);
        boolean interpolates = q == '"' && switch (lang) {
            case "ruby" -> content.contains("#{");
            case "perl" -> content.indexOf('{') >= 0 || content.indexOf('[') >= 0;
            case "php" -> content.indexOf('{') >= 0 || content.contains("$");
            default -> false;
        };
        if (!interpolates) {
            markIfText(open + 1, end - 1);
        }
        return end;
    }

    /** Only a string that holds a call's parenthesis is taken as text: a bare name may be a function named by a string. */
    private void markIfText(int from, int to) {
        if (code.substring(from, to).indexOf('(') >= 0) {
            mark(text, from, to);
        }
    }

    /** The index after the closing {@code quote}, or -1; multi-line strings only where the language has them. */
    private int closing(int from, char quote, boolean multiline) {
        return CodeComments.stringEnd(code, from, quote, multiline);
    }

    private int tripleEnd(int from, char q) {
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q && i + 2 < code.length() && code.charAt(i + 1) == q && code.charAt(i + 2) == q) {
                return i + 3;
            }
        }
        return -1;
    }

    /** A Python string prefix holding {@code f} before the quote. */
    private boolean formatted(int quote) {
        return CodeComments.formatted(code, quote);
    }

    /** {@code <<EOF}, {@code <<~EOS}, {@code <<-'X'}, {@code <<<"X"} (PHP): a here-document follows. */
    private boolean heredoc(int i) {
        while (i < code.length() && (code.charAt(i) == '<' || code.charAt(i) == '~' || code.charAt(i) == '-')) {
            i++;
        }
        return i < code.length() && (Character.isLetter(code.charAt(i)) || code.charAt(i) == '_' || code.charAt(i) == '\''
            || code.charAt(i) == '"');
    }

    private static boolean quoteLike(String word) {
        return switch (word) {
            case "q", "qq", "qw", "qx", "qr", "m", "s", "tr", "y" -> true;
            default -> false;
        };
    }

    private static boolean isWordish(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || c == '%' || c == '&' || c == '>' || c == ':';
    }

    private static void mark(List<Integer> spans, int from, int to) {
        if (to > from) {
            spans.add(from);
            spans.add(to);
        }
    }
}
