package io.agentsafety.commands.analysis;

import io.agentsafety.commands.shell.Node;
import io.agentsafety.commands.shell.ShellParser;
import io.agentsafety.commands.shell.Word;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An abstract interpreter over the shell syntax tree. It does not run anything: it follows what the shell would do
 * (variable assignments, aliases, functions, {@code cd}, wrappers such as sudo/env/xargs, {@code bash -c} and
 * {@code eval} strings, heredocs and pipes into interpreters, command substitutions it can compute) and reports
 * every simple command as it would finally execute, plus anything executed that cannot be resolved statically.
 *
 * <p>Past 600 lines because it is one tree walk over one mutable shell state ({@link Env}): splitting the walk
 * would mean passing that state through many small classes. Knowledge that is not about walking the tree lives
 * elsewhere, as data where it can: programs that run commands ({@link CommandRunners}, {@link EmbeddedCode}),
 * network tools ({@link NetworkTools}), wrappers ({@link Wrappers}), database clients ({@link SqlClients}).
 */
public final class Interpreter {

    public static final int MAX_DEPTH = 8;

    private static final ShellKnowledge TABLES = ShellKnowledge.builtIn();

    private final Knowledge knowledge;
    private final Sink sink;
    private final Budget budget;
    private final SqlAnalyzer sql;
    private final CodeAnalyzer code;
    private final EmbeddedCode embedded;
    /** Redirection targets opened with {@code >>} (by identity): appending keeps a file's content, {@code >} does not. */
    private final Set<Arg> appendTargets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The absolute directory the request said the line starts in (null when it did not say): see {@link ArgClasses.Place}. */
    private String workspace;

    public Interpreter(Knowledge knowledge, Sink sink, Budget budget) {
        this.knowledge = knowledge;
        this.sink = sink;
        this.budget = budget;
        this.sql = new SqlAnalyzer();
        this.code = new CodeAnalyzer();
        this.embedded = new EmbeddedCode(this, CommandRunners.builtIn(), knowledge, sink, budget);
    }

    /** The interpreter's view of the shell state. Subshells work on a copy. */
    static final class Env {
        final Map<String, String> vars;
        final Map<String, Node> functions;
        final Map<String, String> aliases;
        final Deque<String> calls;
        /** Files this command line wrote with content the analysis knows (echo/base64 output, downloads). */
        final Map<String, Content> files;
        /** Variables assigned as arrays ({@code a=(rm -rf /)}): {@code "${a[@]}"} expands to one field per element. */
        final Set<String> arrays;
        String cwd;
        /** The shell running this code ({@code sh}, {@code bash}...), null when unknown: then the strictest reading. */
        String shell;

        Env(String cwd) {
            this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new ArrayDeque<>(), new HashMap<>(), new HashSet<>(), cwd);
        }

        private Env(Map<String, String> vars, Map<String, Node> functions, Map<String, String> aliases,
                    Deque<String> calls, Map<String, Content> files, Set<String> arrays, String cwd) {
            this.vars = vars;
            this.functions = functions;
            this.aliases = aliases;
            this.calls = calls;
            this.files = files;
            this.arrays = arrays;
            this.cwd = cwd;
        }

        Env copy() {
            // Files are shared: a subshell's writes are visible on disk to the rest of the line.
            Env copy = new Env(new HashMap<>(vars), new HashMap<>(functions), new HashMap<>(aliases),
                new ArrayDeque<>(calls), files, new HashSet<>(arrays), cwd);
            copy.shell = shell;
            return copy;
        }

        /** A copy for code run by {@code program}: a shell name sets the dialect, anything else keeps it. */
        Env copyFor(String program) {
            Env copy = copy();
            if (TABLES.isShell(program)) {
                copy.shell = program;
            }
            return copy;
        }

        String fileKey(String path) {
            String normalized = ArgClasses.normalize(path, cwd);
            return normalized != null ? normalized : path.startsWith("./") ? path.substring(2) : path;
        }

        void wrote(String path, Content content) {
            if (files.size() < 64 && content != null && (content.isText() || content.kind() == Content.Kind.DOWNLOAD)) {
                files.put(fileKey(path), content);
            }
        }

        Content read(Arg arg) {
            return arg.content() != null ? arg.content() : arg.exact() ? files.get(fileKey(arg.text())) : null;
        }
    }

    // ---------------------------------------------------------------- entry points

    public void analyzeShell(String source, String cwd) {
        analyzeShell(source, cwd, null);
    }

    /** {@code shell}: the shell that will run the command ({@code sh}, {@code bash}...), null when unknown. */
    public void analyzeShell(String source, String cwd, String shell) {
        workspace = cwd != null && cwd.startsWith("/") ? ArgClasses.collapse(cwd) : null;
        Env env = new Env(workspace != null ? workspace : cwd);
        env.shell = shell == null || shell.isBlank() ? null : commandName(shell.trim()).toLowerCase(Locale.ROOT);
        runShellText(source, env, 0, Content.NONE);
    }

    public void analyzeSql(String text, String origin) {
        for (SqlAnalyzer.Statement statement : sql.analyze(text)) {
            List<Arg> args = new ArrayList<>();
            args.add(Arg.literal(statement.kind()));
            args.add(Arg.literal(statement.text() + (statement.parsed() ? "" : " (keyword scan: SQL did not parse)")));
            sink.command(new ResolvedCommand("@sql", args, List.of(), Content.NONE, null));
        }
    }

    public void analyzeCode(String language, String source, int depth) {
        if (depth > MAX_DEPTH) {
            sink.unresolved("code nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        CodeAnalyzer.Extraction extraction = code.extract(language, source);
        for (String shell : extraction.shellCommands()) {
            runShellText(shell, new Env(null), depth + 1, Content.NONE);
        }
        for (String nested : extraction.nestedCode()) {
            analyzeCode(language, nested, depth + 1);
        }
        for (String dynamic : extraction.unresolved()) {
            sink.unresolved(dynamic);
        }
        if (extraction.forkBomb()) {
            sink.command(new ResolvedCommand("@fork_bomb", List.of(Arg.literal(language)), List.of(), Content.NONE, null));
        }
        for (String url : extraction.urls()) {
            sink.fetchedUrl(url);
        }
    }

    // ---------------------------------------------------------------- walking the tree

    private Content runShellText(String source, Env env, int depth, Content stdin) {
        if (depth > MAX_DEPTH) {
            sink.unresolved("shell code nested deeper than " + MAX_DEPTH + " levels (bash -c / eval / heredoc)");
            return Content.unknown("nested shell");
        }
        if (budget.exceeded()) {
            return Content.unknown("budget");
        }
        if ((env.shell == null || env.shell.equals("sh")) && readsDifferentlyInDash(source)) {
            // The shell may be dash, which tokenizes $'...' and braces differently: that reading is walked too,
            // on a copy (its assignments are another world), before the usual one.
            Env dash = env.copy();
            dash.shell = "dash";
            parseAndRun(source, dash, depth, stdin);
        }
        return parseAndRun(source, env, depth, stdin);
    }

    private Content parseAndRun(String source, Env env, int depth, Content stdin) {
        ShellParser.Result parsed = ShellParser.parse(source, budget.nodes(), isPosix(env.shell));
        budget.spendNodes(parsed.nodes());
        if (parsed.exhausted()) {
            budget.exceed();
        }
        return runScript(parsed.script(), env, depth, stdin);
    }

    private static final java.util.regex.Pattern BRACE_EXPANSION = java.util.regex.Pattern.compile(
        "\\{[^{}\\s]*(?:,|\\.\\.)");

    /** ANSI-C or locale quoting, or something brace expansion would expand: bash and dash read these apart. */
    static boolean readsDifferentlyInDash(String source) {
        return source.contains("$'") || source.contains("$\"") || source.indexOf('{') >= 0
            && BRACE_EXPANSION.matcher(source).find();
    }

    private Content runScript(Node.Script script, Env env, int depth, Content stdin) {
        Content out = Content.NONE;
        for (Node.Item item : script.items()) {
            if (!budget.step()) {
                break;
            }
            out = run(item.node(), env, depth, stdin);
        }
        return out;
    }

    private Content run(Node node, Env env, int depth, Content stdin) {
        if (!budget.step()) {
            return Content.unknown("budget");
        }
        if (node instanceof Node.Simple simple) {
            return runSimple(simple, env, depth, stdin);
        }
        if (node instanceof Node.Script script) {
            return runScript(script, env, depth, stdin);
        }
        if (node instanceof Node.AndOr andOr) {
            Content out = Content.NONE;
            for (Node part : andOr.parts()) {
                out = run(part, env, depth, stdin);
            }
            return out;
        }
        if (node instanceof Node.Pipeline pipeline) {
            Content data = stdin;
            List<String> sources = new ArrayList<>();
            for (Node stage : pipeline.stages()) {
                data = run(stage, env, depth, data);
                if (sources.size() < 16) {
                    sources.add(data.source() == null ? "?" : abbreviate(data.source()));
                }
            }
            // Name the whole pipeline as the producer (rules tell `ps aux | awk` from `ps aux | grep x | awk`).
            return data.kind() == Content.Kind.UNKNOWN && sources.size() > 1
                ? new Content(Content.Kind.UNKNOWN, data.text(), String.join(" | ", sources)) : data;
        }
        if (node instanceof Node.Subshell subshell) {
            checkRedirects(subshell.redirects(), env, depth);
            return runScript(subshell.body(), env.copy(), depth, stdin);
        }
        if (node instanceof Node.Group group) {
            checkRedirects(group.redirects(), env, depth);
            return runScript(group.body(), env, depth, stdin);
        }
        if (node instanceof Node.FunctionDef def) {
            env.functions.put(def.name(), def.body());
            return Content.NONE;
        }
        if (node instanceof Node.Compound compound && compound.keyword().equals("((")) {
            checkRedirects(compound.redirects(), env, depth);
            return arithmeticCommand(compound.words().isEmpty() ? "" : compound.words().get(0).literal(), env, depth);
        }
        if (node instanceof Node.Compound compound) {
            checkRedirects(compound.redirects(), env, depth);
            List<Arg> words = expandAll(compound.words(), env, depth);
            if (compound.variable() != null && words.size() > 1 && words.size() <= 8 && words.stream().allMatch(Arg::exact)
                && !words.stream().anyMatch(Arg::glob) && compound.bodies().size() == 1) {
                // for d in /etc /usr; do rm -rf $d; done: each value in turn
                for (Arg word : words) {
                    env.vars.put(compound.variable(), word.text());
                    runScript(compound.bodies().get(0), env, depth, stdin);
                }
                return Content.unknown(compound.keyword() + " ...");
            }
            if (compound.variable() != null) {
                env.vars.put(compound.variable(), words.size() == 1 && words.get(0).exact() ? words.get(0).text() : null);
            }
            if (LOOPS.contains(compound.keyword())) {
                runLoop(compound.bodies(), env, depth, stdin);
                return Content.unknown(compound.keyword() + " ...");
            }
            for (Node.Script body : compound.bodies()) {
                runScript(body, env, depth, stdin);
            }
            return Content.unknown(compound.keyword() + " ...");
        }
        return Content.unknown("?");
    }

    private static final Set<String> LOOPS = Set.of("while", "until", "for", "select");
    private static final int LOOP_PASSES = 3;

    /**
     * A loop's later iterations run with what the earlier ones assigned ({@code x=ls; while :; do $x /; x="rm -rf";
     * done} runs {@code rm -rf /} the second time round), so the body is walked again with the carried state while
     * it keeps changing (at most {@value #LOOP_PASSES} passes); if it still changes, a last pass treats the
     * variables it keeps changing as unknown, which stands for every later iteration.
     */
    private void runLoop(List<Node.Script> bodies, Env env, int depth, Content stdin) {
        Set<String> changing = new HashSet<>();
        for (int pass = 0; pass < LOOP_PASSES; pass++) {
            Map<String, String> before = new HashMap<>(env.vars);
            for (Node.Script body : bodies) {
                runScript(body, env, depth, stdin);
            }
            changing.clear();
            for (Map.Entry<String, String> entry : env.vars.entrySet()) {
                if (!before.containsKey(entry.getKey()) || !Objects.equals(before.get(entry.getKey()), entry.getValue())) {
                    changing.add(entry.getKey());
                }
            }
            if (changing.isEmpty() || budget.exceeded()) {
                return;
            }
        }
        for (String name : changing) {
            env.vars.put(name, null);
        }
        for (Node.Script body : bodies) {
            runScript(body, env, depth, stdin);
        }
    }

    /**
     * Shells that read only POSIX syntax: no brace expansion, no {@code $'...'} quoting. {@code sh} is not one of them
     * (it is dash on Debian but bash elsewhere): the analyzer reads code for an unknown shell both ways.
     */
    static boolean isPosix(String shell) {
        return TABLES.isPosixShell(shell);
    }

    /**
     * {@code ((EXPR))}: in bash/zsh/ksh an arithmetic command, whose command substitutions run; in sh/dash nested
     * subshells running EXPR as commands. When the shell is unknown both readings are analysed (the strictest).
     */
    private Content arithmeticCommand(String expression, Env env, int depth) {
        String text = expression == null ? "" : expression;
        expandText(text, env.copy(), depth + 1);
        if (!TABLES.isArithmeticShell(env.shell)) {
            runShellText(text, env.copy(), depth + 1, Content.NONE);
        }
        return Content.unknown("((");
    }

    /** Expands {@code text} as the shell expands a here-document body or a prompt: its command substitutions run. */
    Arg expandText(String text, Env env, int depth) {
        // Nothing to expand only without $, ` and \ (an unquoted here-document's \\ is one backslash: r\\m is r\m)
        if (text == null || text.indexOf('$') < 0 && text.indexOf('`') < 0 && text.indexOf('\\') < 0
            || budget.exceeded()) {
            return Arg.literal(text == null ? "" : text);
        }
        if (depth > MAX_DEPTH) {
            sink.unresolved("shell code nested deeper than " + MAX_DEPTH + " levels (expansion)");
            return new Arg(String.valueOf(Arg.UNKNOWN), false, false, List.of(), null);
        }
        Word word = ShellParser.parseExpandable(text, budget.nodes());
        budget.spendNodes(word.parts().size());
        return expandJoined(word, env, depth);
    }

    private void checkRedirects(List<Node.Redirect> redirects, Env env, int depth) {
        List<Arg> writes = new ArrayList<>();
        for (Node.Redirect redirect : redirects) {
            if (redirect.writes() && redirect.target() != null) {
                Arg target = expandJoined(redirect.target(), env, depth);
                devTcp(redirect.op(), target);
                writes.add(target);
                if (redirect.op().endsWith(">>")) {
                    appendTargets.add(target);
                }
            }
        }
        if (!writes.isEmpty()) {
            sink.command(resolved("", List.of(), writes, Content.NONE, env.cwd));
        }
    }

    private Content runSimple(Node.Simple simple, Env env, int depth, Content stdin) {
        Content input = stdin;
        List<Arg> writes = new ArrayList<>();
        List<Arg> stdoutWrites = new ArrayList<>();
        for (Node.Redirect redirect : simple.redirects()) {
            if (redirect.heredoc() != null) {
                String body = redirect.heredoc().body();
                if (!redirect.heredoc().quoted()) {
                    // An unquoted delimiter: the body is expanded first, and its command substitutions run.
                    Arg expanded = expandText(body, env, depth);
                    body = expanded.exact() ? expanded.text() : body;
                }
                input = Content.text(body);
            } else if (redirect.op().equals("<<<")) {
                Arg arg = expandJoined(redirect.target(), env, depth);
                input = arg.exact() ? Content.text(arg.text() + "\n") : Content.unknown("here-string " + arg.display());
            } else if (redirect.op().equals("<") && redirect.target() != null) {
                Arg arg = expandJoined(redirect.target(), env, depth);
                devTcp(redirect.op(), arg);
                // a file written earlier in the line (echo 'DROP ...' > x.sql && mysql < x.sql) has known content
                Content known = env.read(arg);
                input = known != null ? known : Content.file(arg.display());
            } else if (redirect.writes() && redirect.target() != null) {
                Arg target = expandJoined(redirect.target(), env, depth);
                devTcp(redirect.op(), target);
                writes.add(target);
                if (redirect.op().endsWith(">>")) {
                    appendTargets.add(target);
                }
                if (redirect.fd() == 1) {
                    stdoutWrites.add(target);
                }
            }
        }
        if (simple.words().isEmpty()) {
            for (Node.Assignment assignment : simple.assignments()) {
                Arg value = expandJoined(assignment.value(), env, depth);
                commandVariable(assignment.name(), value, env, depth);
                env.vars.put(assignment.name(), value.exact() ? value.text() : null);
                if (assignment.array()) {
                    env.arrays.add(assignment.name());
                } else {
                    env.arrays.remove(assignment.name());
                }
            }
            if (!writes.isEmpty()) {
                sink.command(resolved("", List.of(), writes, input, env.cwd));
            }
            return Content.NONE;
        }
        for (Node.Assignment assignment : simple.assignments()) {
            // substitutions in prefix assignments run too
            commandVariable(assignment.name(), expandJoined(assignment.value(), env, depth), env, depth);
        }
        List<Arg> args = expandAll(simple.words(), env, depth);
        Content out = dispatch(args, writes, input, env, depth);
        for (Arg write : stdoutWrites) {
            if (write.exact()) {
                env.wrote(write.text(), out);
                runsAtLogin(write, out, env, depth);
            }
        }
        return stdoutWrites.isEmpty() ? out : Content.NONE;
    }

    // ---------------------------------------------------------------- one command

    private Content dispatch(List<Arg> args, List<Arg> writes, Content stdin, Env env, int depth) {
        for (int round = 0; round < 24; round++) {
            if (args.isEmpty()) {
                if (!writes.isEmpty()) {
                    sink.command(resolved("", List.of(), writes, stdin, env.cwd));
                }
                return Content.NONE;
            }
            Arg first = args.get(0);
            if (!first.exact() && commandName(first.text()).indexOf(Arg.UNKNOWN) >= 0) {
                if (first.dynamic() && first.producers().stream().allMatch(knowledge::trustedGenerator)) {
                    return Content.unknown(first.display());
                }
                sink.unresolved("the command name '" + first.display() + "' comes from "
                    + (first.dynamic() ? "the output of '" + String.join("', '", first.producers()) + "'"
                    : "a variable not set in the command") + " and cannot be resolved statically");
                return Content.unknown(first.display());
            }
            String name = commandName(first.text());
            List<Arg> rest = args.subList(1, args.size());
            if (env.aliases.containsKey(name) && !env.calls.contains("alias:" + name)) {
                StringBuilder text = new StringBuilder(env.aliases.get(name));
                for (Arg arg : rest) {
                    text.append(' ').append(Quoting.quote(arg.display()));
                }
                env.calls.push("alias:" + name);
                try {
                    return runShellText(text.toString(), env, depth + 1, stdin);
                } finally {
                    env.calls.pop();
                }
            }
            if (env.functions.containsKey(name)) {
                return callFunction(name, rest, env, depth, stdin);
            }
            Content written = first.exact() && first.text().contains("/") ? env.files.get(env.fileKey(first.text())) : null;
            if (written != null) {
                // ./install.sh after writing install.sh earlier in the same command line: run what was written.
                announceDownload("sh", rest, written, env);
                feedShell(first.text(), written, env, depth);
                return Content.unknown(first.text());
            }
            if (first.glob() && (name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0)) {
                Content out = Content.unknown(name);
                for (String candidate : Globs.matching(name, knowledge.commandNames())) {
                    List<Arg> expanded = new ArrayList<>();
                    expanded.add(Arg.literal(candidate));
                    expanded.addAll(rest);
                    out = dispatch(expanded, writes, stdin, env, depth);
                }
                return out;
            }
            embedded.program(name, rest, stdin, env, depth);
            contactedHosts(name, rest, env);
            Wrappers.Unwrapped unwrapped = Wrappers.unwrap(name, rest, knowledge);
            if (unwrapped != null) {
                if (unwrapped.shellString() != null) {
                    if (unwrapped.judgeWrapper()) {
                        emit(name, rest, writes, stdin, env);
                    }
                    runShellString(name, unwrapped.shellString(), env, depth, stdin);
                    return Content.unknown(name);
                }
                if (unwrapped.command() == null) {
                    break;
                }
                if (unwrapped.judgeWrapper()) {
                    emit(name, rest, writes, stdin, env);
                }
                args = unwrapped.command();
                continue;
            }
            return special(name, rest, writes, stdin, env, depth);
        }
        String name = commandName(args.get(0).text());
        List<Arg> rest = args.subList(1, args.size());
        emit(name, rest, writes, stdin, env);
        return Content.unknown(name);
    }

    /** Hosts a network tool connects to (network-tools.yaml), for the network policy. */
    private void contactedHosts(String name, List<Arg> rest, Env env) {
        List<io.agentsafety.commands.NetworkEndpoint> hosts = NetworkTools.builtIn().endpoints(name, rest, null);
        if (!hosts.isEmpty()) {
            String evidence = resolved(name, rest, List.of(), Content.NONE, env.cwd).evidence();
            hosts.forEach(h -> sink.contactedHost(new io.agentsafety.commands.NetworkEndpoint(h.host(), h.port(), evidence)));
        }
    }

    /** {@code exec 3<>/dev/tcp/HOST/PORT}, {@code cat < /dev/tcp/...}: bash connects to HOST. */
    private void devTcp(String op, Arg target) {
        io.agentsafety.commands.NetworkEndpoint endpoint = NetworkTools.devTcp(target, op + target.text());
        if (endpoint != null) {
            sink.contactedHost(endpoint);
        }
    }

    /** Runs a command given as words (by a program of the {@link CommandRunners} table). */
    void dispatchWords(List<Arg> args, Env env, int depth) {
        if (depth > MAX_DEPTH) {
            sink.unresolved("commands nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        dispatch(new ArrayList<>(args), List.of(), Content.NONE, env, depth);
    }

    private Content special(String name, List<Arg> rest, List<Arg> writes, Content stdin, Env env, int depth) {
        String lower = name.toLowerCase(Locale.ROOT);
        String base = interpreterFamily(lower);
        if (Downloads.isFetcher(lower)) {
            // curl -o FILE / wget -O FILE writes FILE like a redirection does (curl -o /etc/hosts URL)
            java.util.Optional<String> saved = Downloads.savedFile(lower, rest);
            if (saved.isPresent()) {
                writes = new ArrayList<>(writes);
                writes.add(Arg.literal(saved.get()));
            }
        }
        ResolvedCommand command = resolved(name, rest, writes, stdin, env.cwd);
        if (TABLES.isShell(lower)) {
            sink.command(command);
            runShell(name, rest, stdin, env, depth);
            return Content.unknown(name);
        }
        if (TABLES.codeFlag(base) != null) {
            sink.command(command);
            runInterpreter(base, rest, stdin, env, depth);
            return Content.unknown(name);
        }
        switch (lower) {
            case "eval" -> {
                runShellString("eval", joinArgs(rest), env, depth, stdin);
                return Content.unknown("eval");
            }
            case "source", ".", "iex", "invoke-expression" -> {
                sink.command(command);
                if (lower.startsWith("i") && rest.stream().anyMatch(a -> !a.exact())) {
                    // iex (iwr URL) / iex $code: like eval of a computed string.
                    runShellString(lower, joinArgs(rest), env, depth, stdin);
                    return Content.unknown(name);
                }
                Content script = !rest.isEmpty() && env.read(rest.get(0)) != null ? env.read(rest.get(0))
                    : lower.startsWith("i") ? (rest.isEmpty() ? stdin : Content.text(joinArgs(rest).text())) : null;
                if (script != null) {
                    announceDownload(lower, rest, script, env);
                    feedShell(lower, script, env, depth);
                }
                return Content.unknown(name);
            }
            case "xargs" -> {
                return runXargs(rest, writes, stdin, env, depth);
            }
            case "find" -> {
                sink.command(command);
                runFindExec(rest, env, depth);
                return Producers.outputOf("find", rest, stdin, command.evidence());
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
                for (Arg arg : rest) {
                    int eq = arg.text().indexOf('=');
                    if (eq > 0 && !arg.isFlag()) {
                        commandVariable(arg.text().substring(0, eq), new Arg(arg.text().substring(eq + 1), false,
                            arg.dynamic(), arg.producers(), arg.content()), env, depth);
                        env.vars.put(arg.text().substring(0, eq), arg.exact() ? arg.text().substring(eq + 1) : null);
                    }
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
                        setPositional(env, rest.subList(i + 1, rest.size()));
                        break;
                    }
                }
                return Content.NONE;
            }
            case "trap" -> {
                if (!rest.isEmpty() && !rest.get(0).isFlag()) {
                    runShellString("trap", rest.get(0), env, depth, Content.NONE);
                }
                return Content.NONE;
            }
            default -> {
            }
        }
        sink.command(command);
        if (Downloads.isFetcher(lower)) {
            Downloads.urls(rest).forEach(sink::fetchedUrl);
            Downloads.savedFile(lower, rest).ifPresent(path -> env.wrote(path, Content.download(Downloads.firstUrl(rest))));
        }
        if (lower.equals("tee")) {
            rest.stream().filter(a -> !a.isFlag() && a.exact()).forEach(a -> {
                env.wrote(a.text(), stdin);
                runsAtLogin(a, stdin, env, depth);
            });
        }
        String sqlText = SqlClients.sqlOf(lower, rest, stdin);
        if (sqlText != null) {
            analyzeSql(sqlText, name);
        }
        if ((TABLES.readsCommandLines(lower) || TABLES.readsCommandScript(lower)) && stdin.isText()) {
            // echo FLUSHALL | redis-cli, mongosh <<< 'db.dropDatabase()': commands read from stdin are judged as if
            // they were given on the command line.
            stdinCommands(name, rest, writes, stdin.text(), env);
        }
        if (lower.equals("git")) {
            gitCommandConfig(rest, env, depth);
        }
        if ((lower.equals("at") || lower.equals("batch")) && stdin.isText()) {
            // echo 'rm -rf /' | at now + 1 minute: the job runs later, but it runs
            feedShell(lower, stdin, env, depth);
        }
        if (lower.equals("crontab") && stdin.isText() && rest.stream().noneMatch(a -> a.text().equals("-l"))) {
            // echo '* * * * * rm -rf /' | crontab -: the command part of every schedule line runs
            StringBuilder jobs = new StringBuilder();
            for (String line : stdin.text().split("\n", 200)) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+", trimmed.startsWith("@") ? 2 : 6);
                if (fields.length == (trimmed.startsWith("@") ? 2 : 6)) {
                    jobs.append(fields[fields.length - 1]).append('\n');
                }
            }
            if (jobs.length() > 0) {
                runShellText(jobs.toString(), new Env(null), depth + 1, Content.NONE);
            }
        }
        if (TABLES.isAwk(lower)) {
            awkProgram(rest).ifPresent(program -> analyzeCode("awk", program, depth + 1));
        }
        return Producers.outputOf(lower, rest, stdin, command.evidence());
    }

    /** A variable whose value a program or shell runs (runners.yaml {@code variables}): GIT_SSH_COMMAND, BASH_ENV, PS4... */
    private void commandVariable(String name, Arg value, Env env, int depth) {
        embedded.variable(name, value, env, depth);
    }

    /** {@code git -c KEY=VALUE ...} and {@code git config [--global] KEY VALUE} with a key whose value git executes. */
    private void gitCommandConfig(List<Arg> rest, Env env, int depth) {
        for (int i = 0; i + 1 < rest.size(); i++) {
            String t = rest.get(i).text();
            String key = null;
            Arg value = null;
            if (t.equals("-c")) {
                String kv = rest.get(i + 1).text();
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    key = kv.substring(0, eq);
                    value = new Arg(kv.substring(eq + 1), false, rest.get(i + 1).dynamic(), rest.get(i + 1).producers(), null);
                }
            } else if (t.equals("config") && i + 1 < rest.size()) {
                int j = i + 1;
                while (j < rest.size() && rest.get(j).isFlag()) {
                    j++;
                }
                if (j + 1 < rest.size()) {
                    key = rest.get(j).text();
                    value = rest.get(j + 1);
                }
            }
            if (key == null) {
                continue;
            }
            String lowerKey = key.toLowerCase(Locale.ROOT);
            boolean runs = TABLES.isGitCommandKey(lowerKey)
                || lowerKey.startsWith("alias.") && value.text().startsWith("!");
            if (runs && value.exact()) {
                String text = value.text().startsWith("!") ? value.text().substring(1) : value.text();
                runShellString("git " + key, new Arg(text, false, value.dynamic(), value.producers(), null), env.copy(), depth,
                    Content.NONE);
            }
            if (t.equals("config")) {
                break;
            }
        }
    }

    private static final java.util.regex.Pattern LOGIN_SCRIPT = java.util.regex.Pattern.compile(
        "(~|/root|/home/[^/]+|/Users/[^/]+)/\\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|zlogin)"
            + "|/etc/(profile|bash\\.bashrc|bashrc|zshrc|zprofile|rc\\.local|environment)|/etc/profile\\.d/[^/]+"
            // git and husky hooks run at the next commit, checkout, push...
            + "|(?:.*/)?\\.git/hooks/[^/]+|(?:.*/)?\\.husky/[^/_][^/]*");

    /** Text written into a shell startup file runs at the next login: judge it as if run now ({@code echo 'rm -rf ~' >> ~/.bashrc}). */
    private void runsAtLogin(Arg target, Content content, Env env, int depth) {
        if (content == null || !content.isText() || target.text().length() > 256) {
            return;
        }
        String normalized = ArgClasses.normalize(target.text(), env.cwd);
        String path = normalized != null ? normalized : target.text();
        if (LOGIN_SCRIPT.matcher(path).matches()) {
            runShellText(content.text(), new Env(null), depth + 1, Content.NONE);
        }
    }

    private void stdinCommands(String name, List<Arg> rest, List<Arg> writes, String text, Env env) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean script = TABLES.readsCommandScript(lower);
        List<String> scripts = script ? List.of(text) : List.of(text.split("\n", 200));
        for (String piece : scripts) {
            if (piece.isBlank()) {
                continue;
            }
            List<Arg> args = new ArrayList<>(rest);
            if (script) {
                args.add(Arg.literal(piece));
            } else {
                for (String word : piece.trim().split("\\s+")) {
                    args.add(Arg.literal(word));
                }
            }
            sink.command(resolved(name, args, writes, Content.NONE, env.cwd));
        }
    }

    /** The program text of {@code awk [-F fs] [-v a=b] 'PROGRAM' files} (not {@code -f progfile}). */
    private static java.util.Optional<String> awkProgram(List<Arg> rest) {
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

    private static final java.util.regex.Pattern VERSIONED_INTERPRETER =
        java.util.regex.Pattern.compile("(python|pypy|perl|ruby|php)[0-9.]*|nodejs");

    /** {@code python3.12} is python, {@code nodejs} is node; anything else is itself. */
    static String interpreterFamily(String lower) {
        if (lower.isEmpty() || lower.length() > 32 || "pnrb".indexOf(lower.charAt(0)) < 0
            || !VERSIONED_INTERPRETER.matcher(lower).matches()) {
            return lower;
        }
        if (lower.equals("nodejs")) {
            return "node";
        }
        String family = lower.replaceAll("[0-9.]+$", "");
        return family.equals("pypy") ? "python" : family;
    }

    private void emit(String name, List<Arg> rest, List<Arg> writes, Content stdin, Env env) {
        sink.command(resolved(name, rest, writes, stdin, env.cwd));
    }

    private ResolvedCommand resolved(String name, List<Arg> rest, List<Arg> writes, Content stdin, String cwd) {
        List<Arg> appends = writes.isEmpty() || appendTargets.isEmpty() ? List.of()
            : writes.stream().filter(appendTargets::contains).toList();
        return new ResolvedCommand(name, rest, writes, stdin, cwd, appends, workspace);
    }

    private Content callFunction(String name, List<Arg> rest, Env env, int depth, Content stdin) {
        Node body = env.functions.get(name);
        if (Forks.selfSpawning(name, body)) {
            sink.command(new ResolvedCommand("@fork_bomb", List.of(Arg.literal(name)), List.of(), Content.NONE, env.cwd));
        }
        // Recursion is the same body calling itself; f() { f() { rm -rf /; }; f; } redefines f and runs the new body.
        String call = "function:" + name + "#" + System.identityHashCode(body);
        if (env.calls.contains(call) || depth > MAX_DEPTH) {
            return Content.unknown(name);
        }
        env.calls.push(call);
        Map<String, String> saved = new HashMap<>();
        for (String p : POSITIONAL) {
            saved.put(p, env.vars.get(p));
        }
        setPositional(env, rest);
        try {
            return run(body, env, depth + 1, stdin);
        } finally {
            env.calls.pop();
            saved.forEach((p, v) -> {
                if (v == null) {
                    env.vars.remove(p);
                } else {
                    env.vars.put(p, v);
                }
            });
        }
    }

    /** Separates the positional parameters inside the value of {@code @}, so "$@" can give each its own field. */
    static final char ELEMENT_SEPARATOR = '\u001f';

    private static final List<String> POSITIONAL = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*", "#");

    /** Function arguments and {@code set -- ARGS} become $1..$9, $@, $* and $# (unknown parts stay unknown). */
    private static void setPositional(Env env, List<Arg> args) {
        for (int i = 1; i <= 9; i++) {
            Arg arg = i <= args.size() ? args.get(i - 1) : null;
            if (arg == null) {
                env.vars.put(String.valueOf(i), "");
            } else {
                env.vars.put(String.valueOf(i), arg.exact() ? arg.text() : null);
            }
        }
        boolean exact = args.stream().allMatch(Arg::exact);
        List<String> texts = args.stream().map(Arg::text).toList();
        env.vars.put("@", exact ? String.join(String.valueOf(ELEMENT_SEPARATOR), texts) : null);
        env.vars.put("*", exact ? String.join(" ", texts) : null);
        env.vars.put("#", String.valueOf(args.size()));
    }

    /** {@code bash [opts] -c STRING}, {@code bash script}, or {@code bash} reading its script from stdin. */
    private void runShell(String name, List<Arg> rest, Content stdin, Env env, int depth) {
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
                    setPositional(inner, after.subList(1, after.size()));
                }
                runShellString(name + " -c", rest.get(i), inner, depth, Content.NONE);
            }
            return;
        }
        if (i < rest.size()) {
            Content script = env.read(rest.get(i));
            if (script != null) {
                announceDownload(name, rest, script, env);
                feedShell(name, script, env.copyFor(name.toLowerCase(Locale.ROOT)), depth);
            }
            return;
        }
        feedShell(name, stdin, env.copyFor(name.toLowerCase(Locale.ROOT)), depth);
    }

    void runShellString(String via, Arg script, Env env, int depth, Content stdin) {
        if (script.exact()) {
            runShellText(script.text(), env, depth + 1, stdin);
            return;
        }
        if (script.dynamic() && script.producers().stream().allMatch(knowledge::trustedGenerator)) {
            return;
        }
        // Analyse what is known (e.g. `eval "rm -rf $DIR"`), and report that the rest is not.
        if (!script.text().replace(String.valueOf(Arg.UNKNOWN), "").isBlank()) {
            runShellText(script.display(), env, depth + 1, stdin);
        }
        for (String producer : script.producers()) {
            if (producer.startsWith("download of ")) {
                // bash -c "$(curl ...)" runs a download exactly like curl ... | bash.
                String shell = via.split(" ")[0];
                sink.command(new ResolvedCommand(shell, List.of(), List.of(),
                    Content.download(producer.substring("download of ".length())), env.cwd));
            }
        }
        sink.unresolved("the code run by " + via + " is not static: '" + abbreviate(script.display()) + "'"
            + (script.dynamic() ? " (output of '" + String.join("', '", script.producers()) + "')" : ""));
    }

    /** A script read from a process substitution ({@code sh <(curl ...)}) is judged like one piped on stdin. */
    private void announceDownload(String name, List<Arg> rest, Content script, Env env) {
        if (script.kind() == Content.Kind.DOWNLOAD) {
            sink.command(new ResolvedCommand(name, rest, List.of(), script, env == null ? null : env.cwd));
        }
    }

    /** Content given to a shell as its script. */
    void feedShell(String shell, Content script, Env env, int depth) {
        switch (script.kind()) {
            case TEXT -> runShellText(script.text(), env.copy(), depth + 1, Content.NONE);
            case UNKNOWN -> {
                if (!knowledge.trustedGenerator(script.source())) {
                    sink.unresolved("the script run by " + shell + " comes from '" + abbreviate(script.source())
                        + "' and cannot be resolved statically");
                }
            }
            default -> {
                // DOWNLOAD is judged by the rules (stdin: download); FILE and NONE run a local or interactive script.
            }
        }
    }

    private void runInterpreter(String language, List<Arg> rest, Content stdin, Env env, int depth) {
        String flag = TABLES.codeFlag(language);
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i).text();
            boolean codeFlag = t.equals(flag) || t.equals("--eval") || t.equals("-E") && language.equals("perl")
                || t.equals("-p") && language.equals("node")
                || language.equals("perl") && t.length() <= 16 && t.matches("-[a-zA-Z]*e") && !t.startsWith("--");
            if (codeFlag && i + 1 < rest.size()) {
                Arg source = rest.get(i + 1);
                if (source.exact()) {
                    analyzeCode(language, source.text(), depth + 1);
                } else {
                    analyzeCode(language, source.display(), depth + 1);
                    sink.unresolved("the " + language + " code is not static: '" + abbreviate(source.display()) + "'");
                }
                return;
            }
            if (!rest.get(i).isFlag()) {
                Content script = env.read(rest.get(i));
                if (script != null) {
                    announceDownload(language, rest, script, env);
                    feedCode(language, script, depth);
                } else if (t.equals("-")) {
                    feedCode(language, stdin, depth);
                }
                return;
            }
        }
        feedCode(language, stdin, depth);
    }

    private void feedCode(String language, Content script, int depth) {
        if (script.kind() == Content.Kind.TEXT) {
            analyzeCode(language, script.text(), depth + 1);
        } else if (script.kind() == Content.Kind.UNKNOWN) {
            sink.unresolved("the " + language + " code comes from '" + abbreviate(script.source())
                + "' and cannot be resolved statically");
        }
    }

    private Content runXargs(List<Arg> rest, List<Arg> writes, Content stdin, Env env, int depth) {
        Set<String> valueOptions = TABLES.valueOptions("xargs");
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
        return dispatch(command, writes, Content.NONE, env, depth);
    }

    /** {@code start} names the directory the line started in: the request's workspace, or the unknown start. */
    private boolean isStartDirectory(String start, Env env) {
        if (env.cwd == null) {
            return ArgClasses.isWholeStartDirectory(start);
        }
        return workspace != null && workspace.equals(ArgClasses.normalize(start, env.cwd));
    }

    private void runFindExec(List<Arg> rest, Env env, int depth) {
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
                dispatch(command, List.of(), Content.NONE, env, depth);
                i = j;
            }
        }
    }

    /**
     * The directory after {@code cd}: absolute or home-relative when known; relative to the unknown start
     * ({@code ./build}) after a relative cd from there, so {@code cd build && rm -rf *} is not mistaken for deleting
     * the start directory; null when unknown (or back at the unknown start).
     */
    static String changeDirectory(String cwd, List<Arg> rest) {
        List<Arg> positional = rest.stream().filter(a -> !a.isFlag()).toList();
        if (positional.isEmpty()) {
            return "~";
        }
        Arg target = positional.get(0);
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

    // ---------------------------------------------------------------- expansion

    List<Arg> expandAll(List<Word> words, Env env, int depth) {
        List<Arg> out = new ArrayList<>();
        for (Word word : words) {
            out.addAll(expand(word, env, depth));
        }
        return out;
    }

    private List<Arg> expand(Word word, Env env, int depth) {
        String plain = word.literal();
        if (plain != null && word.parts().size() == 1 && word.parts().get(0) instanceof Word.Lit lit && !lit.quoted()
            && plain.indexOf('{') >= 0 && !isPosix(env.shell)) {
            List<String> braces = Braces.expand(plain);
            if (braces.size() > 1) {
                List<Arg> out = new ArrayList<>();
                for (String b : braces) {
                    if (!b.isEmpty()) { // {,x} is x alone: an unquoted empty word is removed
                        out.add(new Arg(b, Globs.hasGlob(b), false, List.of(), null));
                    }
                }
                return out;
            }
        }
        Fields fields = new Fields();
        fields.ifs = env.vars.containsKey("IFS") ? env.vars.get("IFS") : null;
        fields.customIfs = env.vars.containsKey("IFS");
        for (Word.Part part : word.parts()) {
            expandPart(part, env, depth, fields);
        }
        return fields.finish();
    }

    private Arg expandJoined(Word word, Env env, int depth) {
        Fields fields = new Fields();
        fields.noSplit = true;
        for (Word.Part part : word.parts()) {
            expandPart(part, env, depth, fields);
        }
        List<Arg> args = fields.finish();
        return args.isEmpty() ? Arg.literal("") : args.get(0);
    }

    private void expandPart(Word.Part part, Env env, int depth, Fields fields) {
        if (part instanceof Word.Lit lit) {
            fields.append(lit.text(), !lit.quoted() && Globs.hasGlob(lit.text()), lit.quoted());
        } else if (part instanceof Word.Tilde tilde) {
            if (tilde.user().isEmpty() && env.vars.containsKey("HOME")) {
                // HOME=/srv/x; rm -rf ~ removes /srv/x; otherwise "~" stands for the unknown real home
                String home = env.vars.get("HOME");
                if (home == null) {
                    fields.unknown(false, null);
                } else {
                    fields.append(home, false, true);
                }
            } else {
                fields.append("~" + tilde.user(), false, true);
            }
        } else if (part instanceof Word.Param param) {
            String value = resolveParam(param, env, depth);
            if (value == null) {
                fields.unknown(false, null);
            } else {
                // "$@" and "${array[@]}" expand to one field per element, quoted or not.
                boolean positional = param.op() == null && param.name().equals("@");
                boolean perElement = positional || param.op() == null && env.arrays.contains(param.name());
                if (positional) {
                    // "$@" is one field per positional parameter, each kept whole when quoted; none when there are none
                    if (!"0".equals(env.vars.get("#"))) {
                        String[] elements = value.split(String.valueOf(ELEMENT_SEPARATOR), -1);
                        for (int e = 0; e < elements.length; e++) {
                            if (e > 0) {
                                fields.newField();
                            }
                            fields.value(elements[e], param.quoted());
                        }
                    }
                } else {
                    fields.value(value, param.quoted() && !perElement);
                }
            }
        } else if (part instanceof Word.CommandSub sub) {
            Content out = runScript(sub.body(), env.copy(), depth + 1, Content.NONE);
            if (out.isText()) {
                fields.value(trimTrailingNewlines(out.text()), sub.quoted());
            } else if (!sub.quoted() && !out.roots().isEmpty() && out.source() != null
                && (out.source().equals("ls") || out.source().startsWith("ls ") || out.source().startsWith("dir "))) {
                // rm -rf $(ls /): every entry of the listed directories, i.e. DIR/*
                List<String> roots = out.roots();
                for (int i = 0; i < roots.size() && i < 16; i++) {
                    if (i > 0) {
                        fields.newField();
                    }
                    String root = roots.get(i);
                    fields.append((root.endsWith("/") ? root : root + "/") + "*", true, false);
                    fields.dynamic = true;
                    fields.producers.add(out.source());
                }
            } else {
                fields.unknown(true, describe(out));
            }
        } else if (part instanceof Word.ProcessSub sub) {
            Content out = runScript(sub.body(), env.copy(), depth + 1, Content.NONE);
            fields.append("/dev/fd/63", false, true);
            fields.content = sub.input() ? out : null;
        } else if (part instanceof Word.Arithmetic arithmetic) {
            // $(( $(cmd) )): the value is not computed, but the substitutions inside run
            expandText(arithmetic.expression(), env.copy(), depth + 1);
            fields.unknown(false, null);
        } else if (part instanceof Word.Subscript subscript) {
            expandText(subscript.expression(), env.copy(), depth + 1);
        }
    }

    private static String trimTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String describe(Content content) {
        return switch (content.kind()) {
            case DOWNLOAD -> "download of " + content.source();
            case FILE -> "file " + content.source();
            case UNKNOWN -> content.source() == null ? "a command" : content.source();
            default -> "a command with no output";
        };
    }

    private String resolveParam(Word.Param param, Env env, int depth) {
        String name = param.name();
        String op = param.op();
        int bracket = name.indexOf('[');
        if (bracket > 0) {
            // ${a[N]}: element N of an array assigned in the command (elements are space-separated), ${s[0]} is $s.
            String base = name.substring(0, bracket);
            int index = Integer.parseInt(name.substring(bracket + 1, name.length() - 1));
            String whole = env.vars.get(base);
            if (whole == null) {
                return null;
            }
            String[] elements = env.arrays.contains(base) ? whole.split(" ", -1) : new String[] {whole};
            return index < elements.length ? elements[index] : "";
        }
        boolean set = env.vars.containsKey(name);
        String value = env.vars.get(name);
        if (!set) {
            if (name.equals("HOME")) {
                value = "~";
                set = true;
            } else if (name.equals("PWD") && env.cwd != null && !ArgClasses.isRelative(env.cwd)) {
                value = env.cwd;
                set = true;
            } else if (TABLES.defaultVariable(name) != null) {
                // Standard values: obfuscations such as ${PATH:0:1} (= "/") and rm${IFS}-rf rely on them.
                value = TABLES.defaultVariable(name);
                set = true;
            }
        }
        if (op == null) {
            return set ? value : null;
        }
        switch (op) {
            case ":-", "-", ":=", "=" -> {
                if (set && value != null && (!value.isEmpty() || !op.startsWith(":"))) {
                    return value;
                }
                if (set && value == null) {
                    return null;
                }
                // Unset in the command: the default is what runs unless the environment sets it; analyse the default.
                Arg fallback = param.arg() == null ? Arg.literal("") : expandJoined(param.arg(), env, depth);
                if (op.endsWith("=") && fallback.exact()) {
                    env.vars.put(name, fallback.text());
                }
                return fallback.exact() ? fallback.text() : null;
            }
            case ":+", "+" -> {
                if (set && value != null) {
                    Arg alt = param.arg() == null ? Arg.literal("") : expandJoined(param.arg(), env, depth);
                    return value.isEmpty() && op.equals(":+") ? "" : alt.exact() ? alt.text() : null;
                }
                return null;
            }
            case ":?", "?" -> {
                // ${X:?} aborts the command when X is empty: unknown, but never empty (the "_" keeps
                // rm -rf "${X:?}/"* from reading like rm -rf "$X/"*, which is rm -rf /* when X is empty)
                return set ? value : Arg.UNKNOWN + "_";
            }
            default -> {
                // ${HOME%/*} cuts the real path (/home/user -> /home), not the "~" the analysis uses for it
                String subject = name.equals("HOME") && !env.vars.containsKey("HOME") ? "/home/user" : value;
                return subject == null ? null : PatternOps.apply(op, subject, param.arg() == null ? null
                    : expandJoined(param.arg(), env, depth));
            }
        }
    }

    private static Arg joinArgs(List<Arg> args) {
        StringBuilder sb = new StringBuilder();
        boolean dynamic = false;
        List<String> producers = new ArrayList<>();
        for (Arg arg : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(arg.text());
            dynamic |= arg.dynamic();
            producers.addAll(arg.producers());
        }
        return new Arg(sb.toString(), false, dynamic, producers, null);
    }

    /**
     * The name a command runs as: {@code /bin/rm} is {@code rm}, and so is {@code $DIR/rm} (the directory may be
     * unknown, the program is not). Relative paths such as {@code ./run.sh} stay as written.
     */
    static String commandName(String text) {
        int slash = text.lastIndexOf('/');
        if (slash >= 0 && slash < text.length() - 1
            && (text.startsWith("/") || text.substring(0, slash).indexOf(Arg.UNKNOWN) >= 0)) {
            return text.substring(slash + 1);
        }
        return text;
    }

    static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replace('\n', ' ');
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }

    private static final java.util.regex.Pattern IFS = java.util.regex.Pattern.compile("[ \t\n]+");

    /** Accumulates the fields a word expands to, splitting unquoted expansion results on whitespace. */
    private static final class Fields {
        final List<Arg> done = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean glob;
        boolean dynamic;
        boolean started;
        boolean noSplit;
        /** IFS assigned in the command line ({@code IFS=,}); null value: assigned something unknown. */
        boolean customIfs;
        String ifs;
        List<String> producers = new ArrayList<>();
        Content content;

        void append(String s, boolean isGlob, boolean quoted) {
            text.append(s);
            glob |= isGlob;
            started |= quoted || !s.isEmpty();
        }

        void value(String value, boolean quoted) {
            if (quoted || noSplit) {
                append(value, false, true);
                return;
            }
            String[] pieces = customIfs ? splitOn(value, ifs) : IFS.split(value, -1);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    newField();
                }
                append(pieces[i], Globs.hasGlob(pieces[i]), false);
            }
        }

        private static String[] splitOn(String value, String ifs) {
            String separators = ifs == null ? " \t\n" : ifs;
            if (separators.isEmpty()) {
                return new String[] {value};
            }
            List<String> pieces = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < value.length(); i++) {
                if (separators.indexOf(value.charAt(i)) >= 0) {
                    pieces.add(value.substring(start, i));
                    start = i + 1;
                }
            }
            pieces.add(value.substring(start));
            return pieces.toArray(new String[0]);
        }

        void unknown(boolean fromCommand, String producer) {
            text.append(Arg.UNKNOWN);
            started = true;
            dynamic |= fromCommand;
            if (producer != null) {
                producers.add(producer);
            }
        }

        void newField() {
            if (started) {
                done.add(new Arg(text.toString(), glob, dynamic, List.copyOf(producers), content));
            }
            text = new StringBuilder();
            glob = false;
            dynamic = false;
            started = false;
            producers = new ArrayList<>();
            content = null;
        }

        List<Arg> finish() {
            if (started) {
                done.add(new Arg(text.toString(), glob, dynamic, List.copyOf(producers), content));
            }
            return done;
        }
    }
}
