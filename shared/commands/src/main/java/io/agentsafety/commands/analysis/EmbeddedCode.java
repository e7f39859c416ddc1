package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Analyses the code that programs of the {@link CommandRunners} table run for you, and the values of variables a
 * program or shell runs ({@code BASH_ENV}, {@code PS4}, {@code GIT_SSH_COMMAND}...), by handing each piece back to
 * the interpreter as a command, a script, or code in its language. Kept apart from {@link Interpreter} so the
 * knowledge stays in {@code runners.yaml}.
 */
final class EmbeddedCode {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Interpreter interpreter;
    private final CommandRunners runners;
    private final Knowledge knowledge;
    private final Sink sink;
    private final Budget budget;

    EmbeddedCode(Interpreter interpreter, CommandRunners runners, Knowledge knowledge, Sink sink, Budget budget) {
        this.interpreter = interpreter;
        this.runners = runners;
        this.knowledge = knowledge;
        this.sink = sink;
        this.budget = budget;
    }

    /** Everything {@code program rest...} runs through its options, script words or input. */
    void program(String program, List<Arg> rest, Content stdin, Env env, int depth) {
        if (program.equals("env")) {
            // env PAGER='rm -rf ~' man ls: the assignments are the command's environment
            for (Arg arg : rest) {
                int eq = arg.text().indexOf('=');
                if (!arg.isFlag() && eq > 0 && NAME.matcher(arg.text().substring(0, eq)).matches()) {
                    variable(arg.text().substring(0, eq), new Arg(arg.text().substring(eq + 1), false, arg.dynamic(),
                        arg.producers(), arg.content()), env, depth);
                } else if (!arg.isFlag()) {
                    break;
                }
            }
        }
        List<CommandRunners.Embedded> found = runners.embedded(program, rest, stdin, env::read);
        for (CommandRunners.Embedded embedded : found) {
            if (!budget.step()) {
                return;
            }
            if (embedded instanceof CommandRunners.Words words) {
                interpreter.dispatchWords(words.argv(), env.copy(), depth + 1);
            } else if (embedded instanceof CommandRunners.Code code) {
                code(code.via(), code.language(), code.text(), code.approveUnknown(), env, depth);
            } else if (embedded instanceof CommandRunners.Input input) {
                input(input.via(), input.language(), input.content(), input.approveUnknown(), env, depth);
            }
        }
    }

    /** An assignment {@code NAME=value} (prefix or exported) whose value some program runs. */
    void variable(String name, Arg value, Env env, int depth) {
        CommandRunners.Variable variable = runners.variable(name);
        if (variable == null) {
            return;
        }
        switch (variable.language()) {
            case "script_file" -> {
                Content script = env.read(value);
                if (script != null) {
                    input(name, "shell", script, true, env, depth);
                }
            }
            case "expanded" -> {
                if (value.exact()) {
                    interpreter.expandText(value.text(), env.copy(), depth + 1);
                }
            }
            default -> {
                // Only known values: an unknown editor or pager is the user's own setting, not something to ask about.
                if (value.exact() && !value.text().isBlank()) {
                    String part = CommandRunners.commandPart(variable, value.text());
                    if (part != null && !part.isBlank()) {
                        code(name, variable.language(), Arg.literal(part), true, env, depth);
                    }
                }
            }
        }
    }

    private void code(String via, String language, Arg text, boolean approveUnknown, Env env, int depth) {
        if (depth > Interpreter.MAX_DEPTH) {
            sink.unresolved("code nested deeper than " + Interpreter.MAX_DEPTH + " levels (" + via + ")");
            return;
        }
        ScriptLanguages languages = runners.languages();
        switch (language) {
            case "shell" -> {
                if (text.exact() || approveUnknown) {
                    interpreter.runShellString(via, text, env.copy(), depth, Content.NONE);
                }
            }
            case "strings" -> interpreter.runShellString(via, strings(text), env.copy(), depth, Content.NONE);
            case "unresolved" -> sink.unresolved(via + " runs code the analysis cannot resolve: '"
                + Interpreter.abbreviate(text.display()) + "'");
            case "expanded" -> interpreter.expandText(text.text(), env.copy(), depth + 1);
            case "script_file" -> {
                Content script = env.read(text);
                if (script != null) {
                    input(via, "shell", script, approveUnknown, env, depth);
                }
            }
            case "python", "perl", "ruby", "node", "php", "awk", "groovy" -> {
                interpreter.analyzeCode(language, text.display(), depth + 1);
                if (!text.exact() && approveUnknown) {
                    unresolved(via, text);
                }
            }
            default -> {
                if (!text.exact() && approveUnknown && !languages.unknownPartsAreData(language, text.display())) {
                    unresolved(via, text);
                }
                for (ScriptLanguages.Piece piece : languages.extract(language, text.text())) {
                    code(via, piece.as(), new Arg(piece.text(), false, text.dynamic(), text.producers(), null),
                        approveUnknown, env, depth + 1);
                }
            }
        }
    }

    private void input(String via, String language, Content content, boolean approveUnknown, Env env, int depth) {
        if (language.equals("shell")) {
            interpreter.feedShell(via, content, env, depth);
            return;
        }
        switch (content.kind()) {
            case TEXT -> code(via, language, Arg.literal(content.text()), approveUnknown, env, depth);
            case UNKNOWN -> {
                if (approveUnknown && !knowledge.trustedGenerator(content.source())) {
                    sink.unresolved("the script run by " + via + " comes from '" + Interpreter.abbreviate(content.source())
                        + "' and cannot be resolved statically");
                }
            }
            case DOWNLOAD -> {
                if (approveUnknown) {
                    sink.unresolved("the script run by " + via + " is a download of " + content.source());
                }
            }
            default -> {
            }
        }
    }

    private void unresolved(String via, Arg text) {
        sink.unresolved("the code run by " + via + " is not static: '" + Interpreter.abbreviate(text.display()) + "'"
            + (text.dynamic() ? " (output of '" + String.join("', '", text.producers()) + "')" : ""));
    }

    /** {@code "rm" nil nil nil "-rf" "/"} (a Lisp/Lua argument list): the string literals, as a command line. */
    private static Arg strings(Arg list) {
        List<String> words = new ArrayList<>();
        String text = list.text();
        for (int i = 0; i < text.length() && words.size() < 64; i++) {
            char q = text.charAt(i);
            if (q != '"' && q != '\'') {
                continue;
            }
            StringBuilder word = new StringBuilder();
            int j = i + 1;
            for (; j < text.length() && text.charAt(j) != q; j++) {
                if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                    j++;
                }
                word.append(text.charAt(j));
            }
            words.add(Quoting.quote(word.toString()));
            i = j;
        }
        return new Arg(String.join(" ", words), false, list.dynamic(), list.producers(), null);
    }
}
