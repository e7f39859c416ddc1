package io.agentsafety.commands.analysis;

import java.util.List;
import java.util.Locale;

/**
 * Code handed to shells and language interpreters: {@code bash -c STRING $0 $1}, {@code sh script}, {@code ... | sh},
 * {@code python -c CODE}, {@code perl -le CODE}, {@code node script.js}, {@code awk 'PROGRAM'}. Shell code is walked
 * by the {@link Interpreter}; other code goes to the code analysis.
 */
final class ProgramCode {

    private static final java.util.regex.Pattern PERL_E_FLAGS = java.util.regex.Pattern.compile("-[a-zA-Z]*e");

    private final Interpreter interpreter;
    private final Sink sink;

    ProgramCode(Interpreter interpreter, Sink sink) {
        this.interpreter = interpreter;
        this.sink = sink;
    }

    /**
     * {@code python3.12} is python, {@code nodejs} is node; anything else is itself. A family name followed by digits and
     * dots only ({@code (python|pypy|perl|ruby|php)[0-9.]*}), read without a regex: this runs for every command name.
     */
    static String interpreterFamily(String lower) {
        if (lower.length() > 32) {
            return lower;
        }
        if (lower.equals("nodejs")) {
            return "node";
        }
        for (String family : VERSIONED_FAMILIES) {
            if (lower.startsWith(family) && digitsAndDotsFrom(lower, family.length())) {
                return family.equals("pypy") ? "python" : family;
            }
        }
        return lower;
    }

    private static final String[] VERSIONED_FAMILIES = {"python", "pypy", "perl", "ruby", "php", "lua"};

    private static boolean digitsAndDotsFrom(String text, int start) {
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** {@code bash [opts] -c STRING}, {@code bash script}, or {@code bash} reading its script from stdin. */
    void shell(String name, List<Arg> rest, Content stdin, Env env, int depth) {
        int i = 0;
        boolean commandMode = false;
        while (i < rest.size()) {
            String t = rest.get(i).text();
            if (t.equals("--") || t.equals("-")) {
                i++;
                break;
            }
            if (!(t.startsWith("-") || t.startsWith("+")) || t.length() < 2) {
                break;
            }
            if (!t.startsWith("--") && t.indexOf('c') > 0) {
                commandMode = true;
            } else if (t.equals("-o") || t.equals("+o") || t.equals("-O") || t.equals("+O") || t.equals("--rcfile")
                || t.equals("--init-file")) {
                i++;
            } else if (t.equals("--command")) {
                commandMode = true;
            }
            i++;
        }
        if (commandMode) {
            if (i < rest.size()) {
                // sh -c 'rm -rf "$1"' _ / : the words after the string are $0, $1...
                Env inner = env.copyFor(name.toLowerCase(Locale.ROOT));
                List<Arg> after = rest.subList(i + 1, rest.size());
                if (!after.isEmpty()) {
                    inner.vars.put("0", after.get(0).exact() ? after.get(0).text() : null);
                    inner.setPositional(after.subList(1, after.size()));
                }
                interpreter.runShellString(name + " -c", rest.get(i), inner, depth, Content.NONE);
            }
            return;
        }
        if (i < rest.size()) {
            Content script = env.read(rest.get(i));
            if (script != null) {
                interpreter.announceDownload(name, rest, script, env);
                interpreter.feedShell(name, script, env.copyFor(name.toLowerCase(Locale.ROOT)), depth);
            }
            return;
        }
        interpreter.feedShell(name, stdin, env.copyFor(name.toLowerCase(Locale.ROOT)), depth);
    }

    void code(String language, List<Arg> rest, Content stdin, Env env, int depth) {
        String flag = ShellKnowledge.builtIn().codeFlag(language);
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i).text();
            boolean codeFlag = isCodeFlag(language, flag, t);
            if (codeFlag && i + 1 < rest.size()) {
                Arg source = rest.get(i + 1);
                if (source.exact()) {
                    interpreter.analyzeCode(language, source.text(), depth + 1);
                } else {
                    interpreter.analyzeCode(language, source.display(), depth + 1);
                    sink.unresolved("the " + language + " code is not static: '" + Interpreter.abbreviate(source.display()) + "'");
                }
                return;
            }
            if (!rest.get(i).isFlag()) {
                Content script = env.read(rest.get(i));
                if (script != null) {
                    interpreter.announceDownload(language, rest, script, env);
                    feedCode(language, script, depth);
                } else if (t.equals("-")) {
                    feedCode(language, stdin, depth);
                }
                return;
            }
        }
        feedCode(language, stdin, depth);
    }

    private static boolean isCodeFlag(String language, String flag, String t) {
        return t.equals(flag) || t.equals("--eval") || t.equals("-E") && language.equals("perl")
            || t.equals("-p") && language.equals("node")
            || language.equals("perl") && t.length() <= 16 && PERL_E_FLAGS.matcher(t).matches() && !t.startsWith("--");
    }

    /** Modules that read their standard input as data (python -m json.tool formats it), never as code. */
    private static final java.util.Set<String> DATA_MODULES = java.util.Set.of("json.tool", "base64", "gzip", "quopri");
    private static final java.util.regex.Pattern SCRIPT_FILE = java.util.regex.Pattern.compile(
        "[^\\s]+\\.(?:py|js|mjs|cjs|ts|rb|pl|pm|php|lua)");
    /** Code that may run text it reads (eval, exec, do FILE, a dynamic require, /dev/stdin...): its stdin may be code. */
    private static final java.util.regex.Pattern RUNS_TEXT = java.util.regex.Pattern.compile(
        "\\b(?:eval|exec|execfile|compile|Function|runpy|do|instance_eval|class_eval|module_eval|vm|pickle|marshal|system"
            + "|popen|spawn|load_module|import_module|__import__)\\b|\\brequire\\s*\\(?\\s*[^'\"\\s(]|/dev/stdin|/dev/fd/0|/proc/self/fd/0");

    /**
     * Whether the interpreter takes its program from its arguments (code given to {@code -c}/{@code -e}, a script
     * file, a data module) so that its standard input is data ({@code curl -s URL | python3 -c 'import json,sys;
     * print(json.load(sys.stdin))'}), not code: then a download piped into it is not remote code run unreviewed.
     * Code that may run what it reads keeps the download judged as code (fails closed).
     */
    static boolean readsStdinAsData(String language, List<Arg> rest) {
        String flag = ShellKnowledge.builtIn().codeFlag(language);
        for (int i = 0; i < rest.size(); i++) {
            Arg arg = rest.get(i);
            String t = arg.text();
            if (isCodeFlag(language, flag, t)) {
                return i + 1 < rest.size() && rest.get(i + 1).exact() && !RUNS_TEXT.matcher(rest.get(i + 1).text()).find();
            }
            if (t.equals("-m") && language.equals("python")) {
                return i + 1 < rest.size() && DATA_MODULES.contains(rest.get(i + 1).text());
            }
            if (!arg.isFlag()) {
                return arg.exact() && SCRIPT_FILE.matcher(t).matches();
            }
        }
        return false;
    }

    private void feedCode(String language, Content script, int depth) {
        if (script.kind() == Content.Kind.TEXT) {
            interpreter.analyzeCode(language, script.text(), depth + 1);
        } else if (script.kind() == Content.Kind.UNKNOWN) {
            sink.unresolved("the " + language + " code comes from '" + Interpreter.abbreviate(script.source())
                + "' and cannot be resolved statically");
        }
    }

    /** The program text of {@code awk [-F fs] [-v a=b] 'PROGRAM' files} (not {@code -f progfile}). */
    static java.util.Optional<String> awkProgram(List<Arg> rest) {
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i).text();
            if (t.equals("-f") || t.startsWith("--file")) {
                return java.util.Optional.empty();
            }
            if (t.equals("-F") || t.equals("-v") || t.equals("--assign") || t.equals("--field-separator")) {
                i++;
                continue;
            }
            if (t.equals("--")) {
                continue;
            }
            if (!rest.get(i).isFlag()) {
                return rest.get(i).exact() ? java.util.Optional.of(t) : java.util.Optional.empty();
            }
        }
        return java.util.Optional.empty();
    }
}
