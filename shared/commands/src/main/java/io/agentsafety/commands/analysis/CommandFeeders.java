package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Programs that run a command on each input: {@code ... | xargs CMD} and {@code find ... -exec CMD {} ;}. */
final class CommandFeeders {

    private final Interpreter interpreter;

    CommandFeeders(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    Content xargs(List<Arg> rest, List<Arg> writes, Content stdin, Env env, int depth) {
        Set<String> valueOptions = ShellKnowledge.builtIn().valueOptions("xargs");
        int i = 0;
        String replace = null;
        while (i < rest.size() && rest.get(i).isFlag()) {
            String t = rest.get(i).text();
            if (t.equals("-I") && i + 1 < rest.size()) {
                replace = rest.get(i + 1).text();
            } else if (t.startsWith("-I") && t.length() > 2) {
                replace = t.substring(2);
            }
            i += valueOptions.contains(t) && i + 1 < rest.size() ? 2 : 1;
        }
        List<Arg> command = new ArrayList<>(rest.subList(i, rest.size()));
        if (command.isEmpty()) {
            command.add(Arg.literal("echo"));
        }
        List<Arg> input = new ArrayList<>();
        if (stdin.isText()) {
            for (String token : stdin.text().trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    input.add(Arg.literal(token));
                }
            }
        } else if (!stdin.roots().isEmpty()) {
            // find ROOT | xargs CMD: CMD gets paths anywhere under ROOT, i.e. ROOT/*.
            for (String root : stdin.roots()) {
                input.add(new Arg((root.endsWith("/") ? root : root + "/") + "*", true, true, List.of(stdin.source()), null));
            }
        } else {
            String source = stdin.source() == null ? "standard input" : stdin.source();
            input.add(new Arg(String.valueOf(Arg.UNKNOWN), false, true, List.of(source), null));
        }
        if (replace != null) {
            List<Arg> substituted = new ArrayList<>();
            for (Arg arg : command) {
                if (arg.text().contains(replace)) {
                    for (Arg value : input) {
                        substituted.add(new Arg(arg.text().replace(replace, value.text()), arg.glob(), value.dynamic(),
                            value.producers(), null));
                    }
                } else {
                    substituted.add(arg);
                }
            }
            command = substituted;
        } else {
            command.addAll(input);
        }
        return interpreter.dispatch(command, writes, Content.NONE, env, depth);
    }

    /** {@code start} names the directory the line started in: the request's workspace, or the unknown start. */
    private boolean isStartDirectory(String start, Env env) {
        if (env.cwd == null) {
            return ArgClasses.isWholeStartDirectory(start);
        }
        return interpreter.workspace() != null && interpreter.workspace().equals(ArgClasses.normalize(start, env.cwd));
    }

    void findExec(List<Arg> rest, Env env, int depth) {
        List<String> starts = FindArgs.startPaths(rest);
        int i = FindArgs.expressionStart(rest);
        // find . -name __pycache__ -exec rm -rf {} + removes matches, not the whole start directory
        boolean filtered = FindArgs.hasFilter(rest, i);
        for (; i < rest.size(); i++) {
            String t = rest.get(i).text();
            if (t.equals("-exec") || t.equals("-execdir") || t.equals("-ok") || t.equals("-okdir")) {
                List<Arg> command = new ArrayList<>();
                int j = i + 1;
                for (; j < rest.size(); j++) {
                    String u = rest.get(j).text();
                    if (u.equals(";") || u.equals("+")) {
                        break;
                    }
                    if (u.contains("{}")) {
                        for (String start : starts) {
                            String prefix = start.endsWith("/") ? start : start + "/";
                            String entries = filtered && isStartDirectory(start, env) ? prefix + "*/*" : prefix + "*";
                            command.add(new Arg(u.replace("{}", entries), true, false, List.of(), null));
                        }
                    } else {
                        command.add(rest.get(j));
                    }
                }
                interpreter.dispatch(command, List.of(), Content.NONE, env, depth);
                i = j;
            }
        }
    }
}
