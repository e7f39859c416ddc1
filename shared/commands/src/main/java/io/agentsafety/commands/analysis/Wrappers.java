package io.agentsafety.commands.analysis;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands that run another command: {@code sudo}, {@code env}, {@code nice}, {@code timeout}, {@code ssh host CMD}...
 * Each is described by the options that take a value and the positional words before the wrapped command.
 */
final class Wrappers {

    /** The wrapped command, or a string the wrapper hands to a shell, or neither when it runs nothing. */
    record Unwrapped(List<Arg> command, Arg shellString, boolean judgeWrapper) {
        Unwrapped(List<Arg> command, Arg shellString) {
            this(command, shellString, false);
        }
    }

    private Wrappers() {
    }

    /** Null when {@code name} is not a wrapper; {@code knowledge} adds the packs' value_options for it. */
    static Unwrapped unwrap(String name, List<Arg> rest, Knowledge knowledge) {
        switch (name) {
            case "command":
            case "type":
                if (rest.stream().anyMatch(a -> a.text().length() <= 16 && a.text().matches("-[a-zA-Z]*[vV][a-zA-Z]*")) || name.equals("type")) {
                    return new Unwrapped(null, null);
                }
                return new Unwrapped(skipOptions(rest, Set.of(), 0), null);
            case "env":
                return env(rest);
            case "su":
                return su(rest);
            case "kubectl":
            case "oc":
                return kubectlExec(rest);
            case "rimraf":
            case "del-cli":
                // always recursive and forced; their operands are glob patterns they expand themselves (del-cli always,
                // rimraf before v4 and with --glob since), so a quoted '/*' is every top-level directory
                return new Unwrapped(prepend(List.of(Arg.literal("rm"), Arg.literal("-rf")), patterns(rest)), null);
            case "cmake":
                return cmakeTool(rest);
            case "ansible":
            case "ansible-console":
                return ansible(rest);
            case "salt":
            case "salt-ssh":
            case "salt-call":
                return valueAfter(rest, Set.of("cmd.run", "cmd.shell", "cmd.script"));
            case "vagrant":
                return !rest.isEmpty() && rest.get(0).text().equals("ssh") ? valueAfter(rest, Set.of("-c", "--command")) : null;
            case "gcloud":
                return rest.size() > 2 && rest.get(0).text().equals("compute") && rest.get(1).text().equals("ssh")
                    ? valueAfter(rest, Set.of("--command")) : null;
            case "aws":
                return rest.stream().anyMatch(a -> a.text().equals("send-command")) ? ssmCommands(rest) : null;
            case "az":
                return rest.stream().anyMatch(a -> a.text().equals("run-command")) ? valueAfter(rest, Set.of("--scripts")) : null;
            case "cmd":
            case "cmd.exe":
                return cmdSwitchC(rest);
            case "mvn":
            case "mvnw":
            case "mvnd":
            case "./mvnw":   // the project's wrapper script, run by its relative path
                return mavenExec(rest);
            case "docker":
            case "podman":
                if (!rest.isEmpty() && rest.get(0).text().equals("compose")) {
                    return execIn(rest.subList(1, rest.size()), COMPOSE_EXEC_OPTIONS);
                }
                return rest.isEmpty() || !rest.get(0).text().equals("run") ? dockerExec(rest) : dockerRun(rest);
            case "docker-compose":
            case "podman-compose":
                return execIn(rest, COMPOSE_EXEC_OPTIONS);
            case "lxc":
            case "incus":
            case "multipass":
                return execIn(rest, INSTANCE_EXEC_OPTIONS);
            default:
                break;
        }
        ShellKnowledge.WrapperSpec spec = ShellKnowledge.builtIn().wrapper(name);
        if (spec == null) {
            return null;
        }
        if (name.equals("flock")) {
            for (int i = 0; i + 1 < rest.size(); i++) {
                if (rest.get(i).text().equals("-c") || rest.get(i).text().equals("--command")) {
                    return new Unwrapped(null, rest.get(i + 1));
                }
            }
        }
        Set<String> valueOptions = spec.valueOptions();
        Set<String> fromPacks = knowledge.valueOptions(name);
        if (!fromPacks.isEmpty() && !valueOptions.containsAll(fromPacks)) {
            valueOptions = new java.util.HashSet<>(valueOptions);
            valueOptions.addAll(fromPacks);
        }
        List<Arg> command = skipOptions(rest, valueOptions, spec.positionals());
        if (command == null || command.isEmpty()) {
            return new Unwrapped(null, null);
        }
        if (spec.shell()) {
            // watch/ssh/parallel hand the rest of the line to a shell as one string.
            return new Unwrapped(null, Arg.joined(command));
        }
        return new Unwrapped(command, null);
    }

    /**
     * Windows' {@code cmd /c CMD} (also {@code /k}, {@code /r}, after switches such as {@code /q /d /s}): cmd's switches
     * start with '/' and any case; the words after /c are one command line, read like a shell's ({@code &}, {@code &&},
     * {@code |} separate commands in both). Without /c, cmd runs nothing given on its line and stays judged as itself.
     */
    private static Unwrapped cmdSwitchC(List<Arg> rest) {
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i).text();
            if (!t.startsWith("/")) {
                return null;
            }
            String option = t.toLowerCase(java.util.Locale.ROOT);
            if (option.equals("/c") || option.equals("/k") || option.equals("/r")) {
                // the cmd line itself stays judged too (windows pack: cmd's own spellings the shell reading may miss)
                return i + 1 < rest.size() ? new Unwrapped(null, Arg.joined(rest.subList(i + 1, rest.size())), true)
                    : new Unwrapped(null, null);
            }
        }
        return null;
    }

    /**
     * Drops leading options (and values of those listed), {@code positionals} words and a {@code --} after them; null
     * if nothing remains.
     */
    static List<Arg> skipOptions(List<Arg> rest, Set<String> valueOptions, int positionals) {
        int i = 0;
        while (i < rest.size()) {
            String t = rest.get(i).text();
            if (t.equals("--")) {
                i++;
                break;
            }
            if (!rest.get(i).isFlag()) {
                break;
            }
            String option = t.contains("=") ? t.substring(0, t.indexOf('=')) : t;
            i += valueOptions.contains(option) && !t.contains("=") ? 2 : 1;
        }
        i += positionals;
        // `aws-vault exec PROFILE -- CMD`: a -- after the positional words ends the wrapper's own words too
        if (positionals > 0 && i < rest.size() && rest.get(i).text().equals("--")) {
            i++;
        }
        return i >= rest.size() ? null : rest.subList(i, rest.size());
    }

    private static Unwrapped env(List<Arg> rest) {
        int i = 0;
        while (i < rest.size()) {
            String t = rest.get(i).text();
            if (t.equals("-S") || t.equals("--split-string")) {
                return new Unwrapped(null, i + 1 < rest.size() ? rest.get(i + 1) : null);
            }
            if (t.startsWith("--split-string=")) {
                return new Unwrapped(null, Arg.literal(t.substring(15)));
            }
            if (t.equals("--")) {
                i++;
                break;
            }
            if (rest.get(i).isFlag()) {
                i += t.equals("-u") || t.equals("-C") || t.equals("--unset") || t.equals("--chdir") ? 2 : 1;
            } else if (t.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                i++;
            } else {
                break;
            }
        }
        while (i < rest.size() && rest.get(i).text().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            i++;
        }
        return new Unwrapped(i >= rest.size() ? null : rest.subList(i, rest.size()), null);
    }

    private static Unwrapped su(List<Arg> rest) {
        for (int i = 0; i + 1 < rest.size(); i++) {
            String t = rest.get(i).text();
            if (t.equals("-c") || t.equals("--command") || t.equals("--session-command")) {
                return new Unwrapped(null, rest.get(i + 1));
            }
        }
        return new Unwrapped(null, null);
    }

    /** {@code aws ssm send-command --parameters commands='CMD'} (or the JSON form): CMD runs on the instances. */
    private static Unwrapped ssmCommands(List<Arg> rest) {
        Unwrapped parameters = valueAfter(rest, Set.of("--parameters"));
        if (parameters == null) {
            return null;
        }
        String text = parameters.shellString().text();
        int at = text.indexOf("commands");
        if (at < 0) {
            return null;
        }
        String value = text.substring(at + "commands".length()).replaceFirst("^[\"']?\\s*[=:]\\s*", "");
        value = value.replaceAll("^[\\[\"' ]+|[\\]}\"' ]+$", "").replace("\",\"", "\n");
        Arg shell = parameters.shellString();
        return new Unwrapped(null, new Arg(value, false, shell.dynamic(), shell.producers(), null), true);
    }

    /**
     * {@code cmake -E TOOL ARGS}: cmake's portable command-line tools. {@code rm} takes rm's options, {@code
     * remove_directory} is {@code rm -rf}, {@code remove} is {@code rm} (its {@code -f} included), {@code env} and
     * {@code time} run the command after them; the other tools (copy, make_directory, echo...) delete nothing.
     */
    private static Unwrapped cmakeTool(List<Arg> rest) {
        if (rest.size() < 2 || !rest.get(0).text().equals("-E")) {
            return null;
        }
        List<Arg> args = rest.subList(2, rest.size());
        return switch (rest.get(1).text()) {
            case "rm", "remove" -> new Unwrapped(prepend(List.of(Arg.literal("rm")), args), null);
            case "remove_directory" -> new Unwrapped(prepend(List.of(Arg.literal("rm"), Arg.literal("-rf")), args), null);
            case "env" -> env(args);
            case "time" -> new Unwrapped(args.isEmpty() ? null : args, null);
            default -> null;
        };
    }

    private static List<Arg> patterns(List<Arg> rest) {
        List<Arg> out = new java.util.ArrayList<>(rest.size());
        for (Arg arg : rest) {
            String t = arg.text();
            if (t.equals("--glob") || t.equals("-G") || t.equals("--force") || t.equals("-f")) {
                continue; // rimraf's and del-cli's own options, not rm's
            }
            boolean pattern = !arg.glob() && arg.exact() && !t.startsWith("-") && (t.indexOf('*') >= 0 || t.indexOf('?') >= 0);
            out.add(pattern ? new Arg(t, true, arg.dynamic(), arg.producers(), arg.content()) : arg);
        }
        return out;
    }

    private static List<Arg> prepend(List<Arg> head, List<Arg> rest) {
        List<Arg> out = new java.util.ArrayList<>(head);
        out.addAll(rest);
        return out;
    }

    /** The value of the first of {@code options} ({@code -c CMD} or {@code --command=CMD}) as a shell string. */
    private static Unwrapped valueAfter(List<Arg> rest, Set<String> options) {
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i).text();
            int eq = t.indexOf('=');
            if (eq > 0 && t.startsWith("--") && options.contains(t.substring(0, eq))) {
                Arg a = rest.get(i);
                return new Unwrapped(null, new Arg(t.substring(eq + 1), false, a.dynamic(), a.producers(), null), true);
            }
            if (options.contains(t) && i + 1 < rest.size()) {
                return new Unwrapped(null, rest.get(i + 1), true);
            }
        }
        return null;
    }

    /**
     * {@code ansible HOSTS [-m shell|command|raw] -a CMD} runs CMD on every host (command is the default module);
     * {@code -m file -a 'path=P state=absent'} deletes P recursively.
     */
    private static Unwrapped ansible(List<Arg> rest) {
        String module = "command";
        Arg moduleArgs = null;
        for (int i = 0; i + 1 < rest.size(); i++) {
            String t = rest.get(i).text();
            if (t.equals("-m") || t.equals("--module-name")) {
                module = rest.get(i + 1).text();
            } else if (t.equals("-a") || t.equals("--args")) {
                moduleArgs = rest.get(i + 1);
            }
        }
        if (moduleArgs == null) {
            return null;
        }
        String shortModule = module.substring(module.lastIndexOf('.') + 1);
        if (Set.of("command", "shell", "raw", "script").contains(shortModule)) {
            return new Unwrapped(null, moduleArgs, true);
        }
        if (shortModule.equals("file") && moduleArgs.text().matches("(?s).*\\bstate=absent\\b.*")) {
            for (String field : moduleArgs.text().split("\\s+")) {
                if (field.startsWith("path=") || field.startsWith("dest=") || field.startsWith("name=")) {
                    return new Unwrapped(List.of(Arg.literal("rm"), Arg.literal("-rf"), Arg.literal(field.substring(field.indexOf('=') + 1))),
                        null, true);
                }
            }
        }
        return null;
    }

    /**
     * Maven's exec plugin runs a program given in properties: {@code mvn exec:exec -Dexec.executable=rm
     * -Dexec.args='-rf /'} is {@code rm -rf /} (the plugin splits the arguments as a shell would). Only with the
     * {@code exec} goal ({@code exec:java} runs a class of the project).
     */
    private static Unwrapped mavenExec(List<Arg> rest) {
        boolean execGoal = false;
        Arg executable = null;
        Arg arguments = null;
        for (Arg a : rest) {
            String t = a.text();
            if (t.equals("exec:exec") || t.endsWith(":exec") && t.contains("exec-maven-plugin:")) {
                execGoal = true;
            } else if (t.startsWith("-Dexec.executable=")) {
                executable = a;
            } else if (t.startsWith("-Dexec.args=")) {
                arguments = a;
            }
        }
        if (!execGoal || executable == null) {
            return null;
        }
        String line = executable.text().substring("-Dexec.executable=".length())
            + (arguments == null ? "" : " " + arguments.text().substring("-Dexec.args=".length()));
        boolean dynamic = executable.dynamic() || arguments != null && arguments.dynamic();
        return new Unwrapped(null, new Arg(line, false, dynamic, executable.producers(), null), true);
    }

    /** kubectl's global options that take a separate value, written before the subcommand ({@code kubectl -n prod exec}). */
    private static final Set<String> KUBECTL_GLOBAL_VALUE_OPTIONS = Set.of("-n", "--namespace", "--context", "--kubeconfig",
        "--cluster", "--user", "-s", "--server", "--token", "--as", "--as-group", "--request-timeout", "--cache-dir");

    /**
     * kubectl's own subcommands. Any other first word runs a plugin, the program {@code kubectl-WORD}
     * ({@code kubectl node-shell}, {@code kubectl exec-as}, {@code kubectl ssh}), and plugins hand the words after
     * {@code --} to a shell in a pod or on a node. Of these, {@code run} and {@code create} start a new container
     * whose own throw-away filesystem the command acts on, so they are not unwrapped.
     */
    private static final Set<String> KUBECTL_SUBCOMMANDS = Set.of("create", "get", "run", "expose", "delete", "apply",
        "edit", "patch", "replace", "set", "explain", "rollout", "scale", "autoscale", "certificate", "cluster-info", "top",
        "cordon", "uncordon", "drain", "taint", "describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth",
        "debug", "events", "diff", "kustomize", "label", "annotate", "completion", "api-resources", "api-versions", "config",
        "plugin", "version", "wait", "convert", "alpha", "options", "help");

    /**
     * {@code kubectl exec POD -- CMD...} (and {@code debug}, and a plugin's {@code kubectl node-shell NODE -- CMD}):
     * the command runs in the container or on the node; analyse it. Other kubectl: not a wrapper.
     */
    private static Unwrapped kubectlExec(List<Arg> rest) {
        int sub = 0;
        while (sub < rest.size() && rest.get(sub).isFlag() && !rest.get(sub).text().equals("--")) {
            sub += KUBECTL_GLOBAL_VALUE_OPTIONS.contains(rest.get(sub).text()) ? 2 : 1;
        }
        if (sub >= rest.size()) {
            return null;
        }
        String word = rest.get(sub).text();
        boolean plugin = !KUBECTL_SUBCOMMANDS.contains(word) && !word.equals("--");
        if (!word.equals("exec") && !word.equals("debug") && !plugin) {
            return null;
        }
        for (int i = sub; i < rest.size(); i++) {
            if (rest.get(i).text().equals("--")) {
                if (i + 1 >= rest.size()) {
                    return null;
                }
                // a plugin's command is a line it hands to a shell, like ssh's: kubectl ssh node N -- 'rm -rf /x'
                return plugin ? new Unwrapped(null, Arg.joined(rest.subList(i + 1, rest.size())), false)
                    : new Unwrapped(rest.subList(i + 1, rest.size()), null);
            }
        }
        return null;
    }

    /**
     * {@code docker run -v HOST:CTR IMAGE CMD...}: CMD acts on the host only through bind mounts, so its path
     * arguments under CTR are rewritten to HOST ({@code -v /:/host alpine rm -rf /host} is {@code rm -rf /}) and other
     * absolute paths, which name the container's own throw-away filesystem, are made relative. Without a bind mount
     * of a host path the command cannot touch the host's files: not unwrapped.
     */
    private static Unwrapped dockerRun(List<Arg> rest) {
        Set<String> valueOptions = ShellKnowledge.builtIn().valueOptions("docker run");
        Map<String, String> mounts = new java.util.LinkedHashMap<>();
        Set<String> outputHosts = new java.util.HashSet<>(); // targets whose host path is a command's output: $(pwd)
        String entrypoint = null;
        int i = 1;
        while (i < rest.size() && rest.get(i).isFlag()) {
            String t = rest.get(i).text();
            int eq = t.indexOf('=');
            String option = t.startsWith("--") && eq > 0 ? t.substring(0, eq) : t;
            String value = t.startsWith("--") && eq > 0 ? t.substring(eq + 1)
                : valueOptions.contains(t) && i + 1 < rest.size() ? rest.get(i + 1).text() : null;
            if (option.equals("-v") || option.equals("--volume")) {
                addVolume(mounts, value);
                Arg valueArg = t.startsWith("--") && eq > 0 ? rest.get(i) : i + 1 < rest.size() ? rest.get(i + 1) : null;
                if (valueArg != null && valueArg.dynamic() && value != null && value.indexOf(':') > 0) {
                    outputHosts.add(value.split(":")[1]);
                }
            } else if (option.equals("--mount")) {
                addMount(mounts, value);
            } else if (option.equals("--entrypoint")) {
                entrypoint = value;
            }
            i += t.startsWith("--") && eq > 0 || !valueOptions.contains(t) ? 1 : 2;
        }
        if (mounts.isEmpty() || i + 1 >= rest.size() && entrypoint == null) {
            return null;
        }
        List<Arg> command = new java.util.ArrayList<>();
        if (entrypoint != null) {
            command.add(Arg.literal(entrypoint));
        }
        boolean shellCode = false;
        for (Arg arg : rest.subList(Math.min(i + 1, rest.size()), rest.size())) {
            // sh -c 'rm -rf /h/*': the script's paths under a bind mount name the host's too
            command.add(shellCode && arg.exact() ? Arg.literal(mappedScript(arg.text(), mounts, outputHosts)) : mapped(arg, mounts, outputHosts));
            String program = command.get(0).text();
            shellCode = arg.text().equals("-c") && command.size() >= 2 && SHELLS.contains(program.substring(program.lastIndexOf('/') + 1));
        }
        return command.isEmpty() ? null : new Unwrapped(command, null, true);
    }

    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh");

    /** A variable no script sets: an unknown host path ({@code -v "$X":/src}) written into a script stays unknown there. */
    static final String UNKNOWN_HOST_VARIABLE = "${__docker_run_volume_source}";

    private static boolean plainPath(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "/._~-*".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A shell script's words that start with a bind mount's target, rewritten to the host path; an unknown host path
     * from outside ({@code -v "$X":/src}) is written as a variable the script does not set (so {@code rm -rf /src/*}
     * reads as {@code rm -rf "$X"/*}), one from a command's output ({@code $(pwd)}) leaves the word as written. Other
     * text is kept as written.
     */
    static String mappedScript(String script, Map<String, String> mounts) {
        return mappedScript(script, mounts, Set.of());
    }

    static String mappedScript(String script, Map<String, String> mounts, Set<String> outputHosts) {
        StringBuilder out = new StringBuilder(script.length() + 16);
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            boolean wordStart = i == 0 || " \t\n;&|('\"=:`".indexOf(script.charAt(i - 1)) >= 0;
            if (c != '/' || !wordStart) {
                out.append(c);
                i++;
                continue;
            }
            int end = i;
            while (end < n && " \t\n;&|)'\"`".indexOf(script.charAt(end)) < 0) {
                end++;
            }
            String word = script.substring(i, end);
            Arg mapped = mapped(Arg.literal(word), mounts, outputHosts);
            String host = mapped.dynamic() ? mapped.text() : unknownAsVariable(mapped.text());
            boolean underMount = !mapped.text().startsWith("./.container") && plainPath(host.replace(UNKNOWN_HOST_VARIABLE, "x"));
            out.append(underMount ? host : word);
            i = end;
        }
        return out.toString();
    }

    private static void addVolume(Map<String, String> mounts, String value) {
        if (value == null) {
            return;
        }
        String[] parts = value.split(":");
        if (parts.length >= 2 && (parts[0].startsWith("/") || parts[0].startsWith("~") || parts[0].indexOf(Arg.UNKNOWN) >= 0)
            && parts[1].startsWith("/")) {
            mounts.put(parts[1], parts[0]);
        }
    }

    private static void addMount(Map<String, String> mounts, String value) {
        if (value == null) {
            return;
        }
        String source = null;
        String target = null;
        for (String field : value.split(",")) {
            int eq = field.indexOf('=');
            String key = eq > 0 ? field.substring(0, eq) : field;
            String v = eq > 0 ? field.substring(eq + 1) : "";
            if (key.equals("source") || key.equals("src")) {
                source = v;
            } else if (key.equals("target") || key.equals("dst") || key.equals("destination")) {
                target = v;
            }
        }
        if (source != null && target != null && source.startsWith("/") && target.startsWith("/")) {
            mounts.put(target, source);
        }
    }

    private static String unknownAsVariable(String text) {
        if (text.indexOf(Arg.UNKNOWN) < 0) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != Arg.UNKNOWN) {
                b.append(text.charAt(i));
            } else if (i == 0 || text.charAt(i - 1) != Arg.UNKNOWN) {
                b.append(UNKNOWN_HOST_VARIABLE);
            }
        }
        return b.toString();
    }

    private static Arg mapped(Arg arg, Map<String, String> mounts, Set<String> outputHosts) {
        String text = arg.text();
        if (!text.startsWith("/")) {
            return arg;
        }
        String best = null;
        for (String target : mounts.keySet()) {
            String t = target.length() > 1 && target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
            if ((text.equals(t) || text.startsWith(t.equals("/") ? "/" : t + "/")) && (best == null || t.length() > best.length())) {
                best = t;
            }
        }
        String rewritten;
        if (best == null) {
            rewritten = "./.container" + text;
        } else {
            String host = mounts.containsKey(best) ? mounts.get(best) : mounts.get(best + "/");
            String tail = text.substring(best.length());
            // the mount point itself of an unknown host path: its contents are the whole host directory
            tail = tail.isEmpty() && host.indexOf(Arg.UNKNOWN) >= 0 ? "/" : tail;
            rewritten = host.endsWith("/") && tail.startsWith("/") ? host + tail.substring(1) : host + tail;
        }
        // an unknown host path ($(pwd), $PWD) is never empty: docker refuses an empty bind source
        // and one from a command's output ($(pwd)) is the working directory's; a variable from outside may name any
        // directory, so it stays an unknown value, as in rm -rf "$X"/*
        boolean outputHost = best != null && rewritten.indexOf(Arg.UNKNOWN) >= 0
            && (outputHosts.contains(best) || outputHosts.contains(best + "/"));
        return new Arg(rewritten, arg.glob(), arg.dynamic() || outputHost,
            outputHost ? List.of("docker run -v") : arg.producers(), arg.content());
    }

    /** {@code docker compose exec [-T] SERVICE CMD}, {@code lxc|incus|multipass exec NAME [--] CMD}: CMD runs in there. */
    private static final Set<String> COMPOSE_EXEC_OPTIONS = Set.of("-e", "--env", "-u", "--user", "-w", "--workdir", "--index");
    private static final Set<String> INSTANCE_EXEC_OPTIONS = Set.of("--env", "--cwd", "--user", "--group", "--mode",
        "-d", "--working-directory", "--project");

    private static Unwrapped execIn(List<Arg> rest, Set<String> valueOptions) {
        if (rest.isEmpty() || !rest.get(0).text().equals("exec")) {
            return null;
        }
        List<Arg> afterTarget = skipOptions(rest.subList(1, rest.size()), valueOptions, 1);
        return afterTarget == null ? null : new Unwrapped(afterTarget, null);
    }

    private static Unwrapped dockerExec(List<Arg> rest) {
        if (rest.isEmpty() || !rest.get(0).text().equals("exec")) {
            return null;
        }
        List<Arg> afterContainer = skipOptions(rest.subList(1, rest.size()),
            ShellKnowledge.builtIn().valueOptions("docker exec"), 1);
        return afterContainer == null ? null : new Unwrapped(afterContainer, null);
    }
}
