package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Programs that run a command on each input: {@code ... | xargs CMD} and {@code find ... -exec CMD {} ;}. */
final class CommandFeeders {

    /** Blanks, and the NUL that separates -0/--null input. */
    private static final Pattern INPUT_SEPARATORS = Pattern.compile("[\\s\\x00]+");

    private final Interpreter interpreter;

    CommandFeeders(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    Content xargs(List<Arg> rest, List<Arg> writes, Content stdin, Env env, int depth) {
        Set<String> valueOptions = ShellKnowledge.builtIn().valueOptions("xargs");
        Content items = argFile(rest, valueOptions, env);
        return feed(rest, valueOptions, null, false, writes, items != null ? items : stdin, env, depth);
    }

    /** The value of an attached option ({@code --arg-file=<(...)}): a process substitution's content stays with it. */
    private static Arg valuePart(Arg option, int from) {
        return new Arg(option.text().substring(from), option.glob(), option.dynamic(), option.producers(), option.content());
    }

    /**
     * {@code xargs -a FILE} ({@code --arg-file}) reads its items from FILE instead of standard input: a process
     * substitution's or an earlier-written file's known text ({@code xargs -a <(echo /etc) rm -rf}), else a file
     * whose items are unknown. Null when there is no such option (among the options, before the command).
     */
    private static Content argFile(List<Arg> rest, Set<String> valueOptions, Env env) {
        for (int i = 0; i < rest.size() && rest.get(i).isFlag(); i++) {
            String t = rest.get(i).text();
            Arg file = (t.equals("-a") || t.equals("--arg-file")) && i + 1 < rest.size() ? rest.get(i + 1)
                : t.startsWith("--arg-file=") ? valuePart(rest.get(i), "--arg-file=".length())
                : t.startsWith("-a") && t.length() > 2 ? valuePart(rest.get(i), 2) : null;
            if (file != null) {
                Content known = env.read(file);
                return known != null ? known : Content.file(file.display());
            }
            if (valueOptions.contains(t)) {
                i++;
            }
        }
        return null;
    }

    /** Whether {@code parallel ARGS} reads its inputs from standard input (no {@code :::} / {@code ::::} sources). */
    static boolean parallelReadsInput(List<Arg> rest) {
        return rest.stream().noneMatch(a -> a.text().equals(":::") || a.text().equals("::::") || a.text().equals(":::+"));
    }

    /**
     * {@code find . -type f | parallel rm {}}: GNU parallel runs its command per input line, like xargs -I {}, and hands
     * it to a shell, so {@code parallel 'rm -rf {}'} (one word) is a command line too.
     */
    Content parallel(List<Arg> rest, List<Arg> writes, Content stdin, Env env, int depth) {
        ShellKnowledge.WrapperSpec spec = ShellKnowledge.builtIn().wrapper("parallel");
        Set<String> valueOptions = spec == null ? Set.of() : spec.valueOptions();
        return feed(rest, valueOptions, "{}", true, writes, stdin, env, depth);
    }

    private Content feed(List<Arg> rest, Set<String> valueOptions, String implicitReplace, boolean shellLine, List<Arg> writes,
                         Content stdin, Env env, int depth) {
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
        if (replace == null && implicitReplace != null && command.stream().anyMatch(a -> a.text().contains(implicitReplace))) {
            replace = implicitReplace;
        }
        if (command.isEmpty()) {
            command.add(Arg.literal("echo"));
        }
        List<Arg> input = new ArrayList<>();
        if (stdin.isText()) {
            // NUL separates the items of -0/--null input (printf '%s\0', find -print0); a pattern in the known text
            // stands for what the producing shell matched (echo ~/* prints the home's entries), so it stays a glob
            for (String token : INPUT_SEPARATORS.split(stdin.text().trim())) {
                if (!token.isEmpty()) {
                    input.add(Globs.hasGlob(token) ? new Arg(token, true, false, List.of(), null) : Arg.literal(token));
                }
            }
        } else if (!stdin.roots().isEmpty()) {
            // find ROOT | xargs CMD: CMD gets paths anywhere under ROOT, i.e. ROOT/*; only matches of a narrowing test
            // in the start directory are not the directory's entries themselves (as for find -exec below).
            for (String root : stdin.roots()) {
                String prefix = root.endsWith("/") ? root : root + "/";
                String entries = stdin.reach() == Content.Reach.MATCHES && isStartDirectory(root, env) ? prefix + "*/*" : stdin.entries(root);
                input.add(new Arg(entries, true, true, List.of(stdin.source()), null));
            }
            if (stdin.reach() == Content.Reach.TREE) {
                treeFanout(command, stdin.roots(), env);
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
        if (shellLine) {
            StringBuilder line = new StringBuilder();
            boolean dynamic = false;
            List<String> producers = new ArrayList<>();
            for (Arg arg : command) {
                line.append(line.length() > 0 ? " " : "").append(arg.text());
                dynamic |= arg.dynamic();
                producers.addAll(arg.producers());
            }
            interpreter.runShellString("parallel", new Arg(line.toString(), false, dynamic, producers, null), env, depth, Content.NONE);
            return Content.unknown("parallel");
        }
        return interpreter.dispatch(command, writes, Content.NONE, env, depth);
    }

    /**
     * A program handed every file of whole trees ({@code find . -type f | xargs rm -f}, {@code find ~ -exec rm {} +})
     * does to the trees what its recursive form would, whatever its own flags: the pseudo command
     * {@code @tree_fanout PROGRAM ROOT...} lets the rule packs judge that (fs.fanout_delete_*).
     */
    void treeFanout(List<Arg> command, List<String> roots, Env env) {
        if (command.isEmpty() || roots.isEmpty()) {
            return;
        }
        String program = command.get(0).text();
        List<Arg> args = new ArrayList<>();
        args.add(Arg.literal(program.substring(program.lastIndexOf('/') + 1)));
        roots.forEach(root -> args.add(Arg.literal(root)));
        interpreter.emit("@tree_fanout", args, List.of(), Content.NONE, env);
    }

    /** Outputs of whole-tree finds seen in this line (their evidence, then their roots), bounded. */
    private final java.util.Map<String, List<String>> treeOutputs = new java.util.HashMap<>();

    /** A whole-tree find's output was handed on as words ({@code $(find . -type f)}) or lines ({@code while read}). */
    void noteTree(String source, List<String> roots) {
        if (source != null && treeOutputs.size() < 16) {
            treeOutputs.put(source, roots);
        }
    }

    /** {@code rm -f $(find . -type f)}: a program given the files of a whole tree as its arguments. */
    void treeFanoutOfArgs(String name, List<Arg> rest, Env env) {
        if (treeOutputs.isEmpty()) {
            return;
        }
        for (Arg arg : rest) {
            for (String producer : arg.producers()) {
                List<String> roots = treeOutputs.get(producer);
                if (roots != null) {
                    List<Arg> command = new ArrayList<>();
                    command.add(Arg.literal(name));
                    treeFanout(command, roots, env);
                    return;
                }
            }
        }
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
        boolean wholeTree = FindArgs.reach(rest) == Content.Reach.TREE;
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
                            // a filtered find hands over matches below the start, not its entries: spelled */* where
                            // START/* would read as the whole start directory or, from $VAR, as /* (find "" fails when
                            // VAR is unset; find "$VAR/" does not, it searches /)
                            boolean variableStart = start.indexOf(Arg.UNKNOWN) >= 0 && !start.endsWith("/");
                            String entries = filtered && (isStartDirectory(start, env) || variableStart) ? prefix + "*/*" : prefix + "*";
                            command.add(new Arg(u.replace("{}", entries), true, false, List.of(), null));
                        }
                    } else {
                        command.add(rest.get(j));
                    }
                }
                if (wholeTree) {
                    treeFanout(command, starts, env);
                }
                interpreter.dispatch(command, List.of(), Content.NONE, env, depth);
                i = j;
            }
        }
    }
}
