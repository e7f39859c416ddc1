package io.agentsafety.commands.analysis;

import java.util.List;

/**
 * Shell builtins that change the shell's state or run a string as shell code: {@code eval}, {@code source}/{@code .}
 * (and PowerShell's {@code iex}), {@code cd}/{@code pushd}, {@code alias}, {@code export}/{@code declare}/{@code local}...,
 * {@code unset}, {@code set --}, {@code trap}.
 */
final class Builtins {

    /** Files that are the reading command's standard input: {@code source /dev/stdin} runs what is piped in. */
    private static final java.util.Set<String> STDIN_FILES = java.util.Set.of("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0");


    private final Interpreter interpreter;
    private final Sink sink;

    Builtins(Interpreter interpreter, Sink sink) {
        this.interpreter = interpreter;
        this.sink = sink;
    }

    /** What the builtin outputs, or null when {@code lower} is not one of these builtins. */
    Content run(String lower, String name, List<Arg> rest, ResolvedCommand command, Content stdin, Env env, int depth) {
        switch (lower) {
            case "eval" -> {
                interpreter.runShellString("eval", Arg.joined(rest), env, depth, stdin);
                return Content.unknown("eval");
            }
            case "source", ".", "iex", "invoke-expression" -> {
                sink.command(command);
                if (lower.startsWith("i") && rest.stream().anyMatch(a -> !a.exact())) {
                    // iex (iwr URL) / iex $code: like eval of a computed string.
                    interpreter.runShellString(lower, Arg.joined(rest), env, depth, stdin);
                    return Content.unknown(name);
                }
                Content script = !rest.isEmpty() && env.read(rest.get(0)) != null ? env.read(rest.get(0))
                    : !rest.isEmpty() && STDIN_FILES.contains(rest.get(0).text()) ? stdin // . /dev/stdin <<< 'CMD'
                    : lower.startsWith("i") ? (rest.isEmpty() ? stdin : Content.text(Arg.joined(rest).text())) : null;
                if (script != null) {
                    interpreter.announceDownload(lower, rest, script, env);
                    interpreter.feedShell(lower, script, env, depth);
                }
                return Content.unknown(name);
            }
            case "pwd" -> {
                // $(pwd) is the working directory: its absolute path when known, else "." (rm -rf $(pwd) is rm -rf .)
                sink.command(command);
                return Content.text((env.cwd != null && !ArgClasses.isRelative(env.cwd) ? env.cwd : ".") + "\n");
            }
            case "cd", "pushd" -> {
                env.cwd = changeDirectory(env.cwd, rest);
                return Content.NONE;
            }
            case "alias" -> {
                for (Arg arg : rest) {
                    int eq = arg.text().indexOf('=');
                    if (eq > 0 && arg.exact()) {
                        env.aliases.put(arg.text().substring(0, eq), arg.text().substring(eq + 1));
                    }
                }
                return Content.NONE;
            }
            case "export", "declare", "typeset", "local", "readonly" -> {
                sink.command(command);
                // declare -n r=c makes r another name for c: its value is c's, which this reading does not follow, so unknown
                boolean nameref = !lower.equals("export") && rest.stream().anyMatch(a -> a.isFlag() && !a.text().startsWith("--")
                    && a.text().indexOf('n') > 0);
                for (Arg arg : rest) {
                    int eq = arg.text().indexOf('=');
                    if (eq > 0 && !arg.isFlag()) {
                        interpreter.commandVariable(arg.text().substring(0, eq), new Arg(arg.text().substring(eq + 1), false,
                            arg.dynamic(), arg.producers(), arg.content()), env, depth);
                        env.vars.put(arg.text().substring(0, eq), arg.exact() && !nameref ? arg.text().substring(eq + 1) : null);
                    }
                }
                return Content.NONE;
            }
            case "read" -> {
                // find ROOT | while read f; do CMD "$f"; done: f is each path under ROOT, i.e. ROOT/*
                if (stdin.roots().isEmpty() || stdin.source() == null) {
                    // read d <<< /etc: known text gives the variable its first line
                    String variable = stdin.isText() ? readVariable(rest) : null;
                    List<String> lines = variable == null ? null : ReadLoops.knownLines(stdin);
                    if (lines != null) {
                        env.vars.put(variable, lines.get(0));
                        return Content.NONE;
                    }
                    return null;
                }
                String variable = readVariable(rest);
                if (variable == null) {
                    return null;
                }
                String root = stdin.roots().get(0);
                env.vars.put(variable, stdin.entries(root));
                env.globMatches.add(variable);
                env.lineSources.put(variable, stdin.source());
                if (stdin.reach() == Content.Reach.TREE) {
                    interpreter.noteTree(stdin.source(), stdin.roots());
                }
                return Content.NONE;
            }
            case "unset" -> {
                sink.command(command);
                rest.forEach(a -> env.vars.remove(a.text()));
                return Content.NONE;
            }
            case "set" -> {
                sink.command(command);
                for (int i = 0; i < rest.size(); i++) {
                    if (rest.get(i).text().equals("--")) {
                        env.setPositional(rest.subList(i + 1, rest.size()));
                        break;
                    }
                }
                return Content.NONE;
            }
            case "trap" -> {
                if (!rest.isEmpty() && !rest.get(0).isFlag()) {
                    interpreter.runShellString("trap", rest.get(0), env, depth, Content.NONE);
                }
                return Content.NONE;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The directory after {@code cd}: absolute or home-relative when known; relative to the unknown start
     * ({@code ./build}) after a relative cd from there, so {@code cd build && rm -rf *} is not mistaken for deleting
     * the start directory; null when unknown (or back at the unknown start).
     */
    static String changeDirectory(String cwd, List<Arg> rest) {
        Arg target = null; // the first operand (a loop, not a stream: every cd of a script comes here)
        for (int i = 0; i < rest.size() && target == null; i++) {
            if (!rest.get(i).isFlag()) {
                target = rest.get(i);
            }
        }
        if (target == null) {
            return "~";
        }
        if (!target.exact() || target.text().equals("-")) {
            return null;
        }
        String text = target.text();
        if (text.startsWith("/") || text.startsWith("~") || cwd != null && !ArgClasses.isRelative(cwd)) {
            return ArgClasses.normalize(text, cwd);
        }
        // relative to the unknown start: collapse ./ and name/.. but keep leading ..
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : ((cwd == null ? "" : cwd + "/") + text).split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") && !segments.isEmpty() && !segments.peekLast().equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return segments.isEmpty() ? null : "./" + String.join("/", segments);
    }

    /** The one variable {@code read [-r] [-d D] [-p P] [-t T] [-u FD] VAR} assigns, or null (several, or none). */
    static String readVariable(List<Arg> rest) {
        String variable = null;
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i).text();
            if (t.equals("-d") || t.equals("-p") || t.equals("-t") || t.equals("-u") || t.equals("-n") || t.equals("-N")
                || t.equals("-a")) {
                i++;
            } else if (t.startsWith("-")) {
                continue;
            } else if (variable != null || !t.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                return null;
            } else {
                variable = t;
            }
        }
        return variable;
    }
}
