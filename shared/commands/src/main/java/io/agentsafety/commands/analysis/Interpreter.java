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
 * <p>This class is the tree walk and the dispatch of one command (aliases, functions, wrappers, files written
 * earlier, the per-program handlers); a little past 600 lines because the walk over the node kinds, the loop passes
 * and the dialect readings belong together. The rest lives beside it, one job each: the shell state ({@link Env}),
 * word expansion ({@link Expander}), builtins ({@link Builtins}), code given to shells and interpreters
 * ({@link ProgramCode}), {@code xargs}/{@code find -exec} ({@link CommandFeeders}), git settings that run commands
 * ({@link GitConfigCommands}), login scripts and hooks ({@link LoginScripts}), stdin command clients
 * ({@link StdinCommandClients}); and the knowledge, as data where it can: {@link ShellKnowledge}
 * ({@code shell-knowledge.yaml}, {@code wrappers.yaml}), {@link CommandRunners} and {@link EmbeddedCode}
 * ({@code runners.yaml}), {@link NetworkTools} ({@code network-tools.yaml}), {@link Wrappers}, {@link SqlClients}.
 */
public final class Interpreter {

    public static final int MAX_DEPTH = 8;

    private static final ShellKnowledge TABLES = ShellKnowledge.builtIn();
    private static final ResourceDeletes RESOURCE_DELETES = ResourceDeletes.builtIn();

    private final Knowledge knowledge;
    private final Sink sink;
    private final Budget budget;
    private final SqlAnalyzer sql;
    private final CodeAnalyzer code;
    private final EmbeddedCode embedded;
    private final Expander expander;
    private final Builtins builtins;
    private final ProgramCode programs;
    private final CommandFeeders feeders;
    private final GitConfigCommands gitConfig;
    private final LoginScripts loginScripts;
    private final StdinCommandClients stdinClients;
    private final ScheduledJobs scheduledJobs;
    /** Redirection targets opened with {@code >>} (by identity): appending keeps a file's content, {@code >} does not. */
    private final Set<Arg> appendTargets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The absolute directory the request said the line starts in (null when it did not say): see {@link ArgClasses.Place}. */
    private String workspace;

    /** The absolute directory the request said the line starts in, or null. */
    String workspace() {
        return workspace;
    }

    public Interpreter(Knowledge knowledge, Sink sink, Budget budget) {
        this.knowledge = knowledge;
        this.sink = sink;
        this.budget = budget;
        this.sql = new SqlAnalyzer();
        this.code = new CodeAnalyzer();
        this.embedded = new EmbeddedCode(this, CommandRunners.builtIn(), knowledge, sink, budget);
        this.expander = new Expander(this, sink, budget);
        this.builtins = new Builtins(this, sink);
        this.programs = new ProgramCode(this, sink);
        this.feeders = new CommandFeeders(this);
        this.gitConfig = new GitConfigCommands(this);
        this.loginScripts = new LoginScripts(this);
        this.stdinClients = new StdinCommandClients(this, sink);
        this.scheduledJobs = new ScheduledJobs(this);
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
        if (extraction.reverseShell()) {
            sink.command(new ResolvedCommand("@reverse_shell", List.of(Arg.literal(language)), List.of(), Content.NONE, null));
        }
        for (String url : extraction.urls()) {
            sink.fetchedUrl(url);
        }
    }

    // ---------------------------------------------------------------- walking the tree

    Content runShellText(String source, Env env, int depth, Content stdin) {
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

    /** ANSI-C or locale quoting, or something brace expansion would expand: bash and dash read these apart. */
    static boolean readsDifferentlyInDash(String source) {
        return source.contains("$'") || source.contains("$\"") || source.indexOf('{') >= 0 && braceExpansion(source);
    }

    /**
     * Whether the text has what brace expansion expands: an opening brace followed, before any brace or whitespace, by a
     * comma or two dots. This is the regex \{[^{}\s]*(?:,|\.\.) scanned by hand: it ran on every line holding a
     * brace, including every parameter expansion.
     */
    static boolean braceExpansion(String source) {
        for (int open = source.indexOf('{'); open >= 0; open = source.indexOf('{', open + 1)) {
            for (int i = open + 1; i < source.length(); i++) {
                char c = source.charAt(i);
                if (c == ',' || c == '.' && i + 1 < source.length() && source.charAt(i + 1) == '.') {
                    return true;
                }
                // java.util.regex's \s without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r]
                if (c == '{' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                    break;
                }
            }
        }
        return false;
    }

    Content runScript(Node.Script script, Env env, int depth, Content stdin) {
        Content out = Content.NONE;
        // a list's output is every command's in turn ({ echo flush_all; sleep 1; } | nc HOST 11211): joined when all of
        // it is known text; otherwise the last command's, as before
        StringBuilder text = null;
        boolean allText = true;
        for (Node.Item item : script.items()) {
            if (!budget.step()) {
                break;
            }
            out = run(item.node(), env, depth, stdin);
            if (out.isText() && !item.background()) {
                text = text == null ? new StringBuilder(out.text()) : text.append(out.text());
            } else if (out.kind() != Content.Kind.NONE) {
                allText = false;
            }
        }
        return allText && text != null && script.items().size() > 1 ? Content.text(text.toString()) : out;
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
                ? new Content(Content.Kind.UNKNOWN, data.text(), String.join(" | ", sources), data.reach()) : data;
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
            List<Arg> words = expander.expandAll(compound.words(), env, depth);
            boolean forEach = compound.variable() != null && compound.bodies().size() == 1 && words.size() <= 8
                && words.stream().allMatch(Arg::exact);
            if (forEach && (words.size() > 1 || words.size() == 1 && words.get(0).glob())) {
                // for d in /etc /usr; do rm -rf $d; done: each value in turn; a glob (for d in /*) is each of its
                // matches, which the pattern stands for wherever $d is expanded
                for (Arg word : words) {
                    env.vars.put(compound.variable(), word.text());
                    if (word.glob()) {
                        env.globMatches.add(compound.variable());
                    }
                    runScript(compound.bodies().get(0), env, depth, stdin);
                    env.globMatches.remove(compound.variable());
                }
                return Content.unknown(compound.keyword() + " ...");
            }
            if (compound.variable() != null) {
                env.vars.put(compound.variable(), words.size() == 1 && words.get(0).exact() ? words.get(0).text() : null);
                // for x in $(cmd): each x is a word of cmd's output, computed at run time like xargs' items
                if (words.size() == 1 && words.get(0).dynamic() && !words.get(0).producers().isEmpty()) {
                    env.lineSources.put(compound.variable(), words.get(0).producers().get(0));
                }
            }
            if (compound.keyword().equals("while") && compound.bodies().size() == 2) {
                // while read -r d; do ...; done <<< TEXT (or < <(CMD), < FILE, a pipe): the loop's input feeds its read
                Content input = stdin;
                for (Node.Redirect redirect : compound.redirects()) {
                    Content read = redirectedInput(redirect, env, depth);
                    input = read != null ? read : input;
                }
                String variable = ReadLoops.variable(compound.bodies().get(0));
                List<String> lines = variable == null ? null : ReadLoops.knownLines(input);
                if (lines != null) {
                    // known lines: the body runs with each in turn, as a for loop over known values does
                    for (String line : lines) {
                        env.vars.put(variable, line);
                        runScript(compound.bodies().get(1), env, depth, Content.NONE);
                    }
                    return Content.unknown("while ...");
                }
                stdin = input;
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
        return expander.expandText(text, env, depth);
    }

    private void checkRedirects(List<Node.Redirect> redirects, Env env, int depth) {
        List<Arg> writes = new ArrayList<>();
        for (Node.Redirect redirect : redirects) {
            if (redirect.writes() && redirect.target() != null) {
                Arg target = expander.expandJoined(redirect.target(), env, depth);
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

    /** What an input redirection feeds (a here-document, a here-string, {@code < FILE}); null for any other redirection. */
    private Content redirectedInput(Node.Redirect redirect, Env env, int depth) {
        if (redirect.heredoc() != null) {
            String body = redirect.heredoc().body();
            if (!redirect.heredoc().quoted()) {
                // An unquoted delimiter: the body is expanded first, and its command substitutions run.
                Arg expanded = expandText(body, env, depth);
                body = expanded.exact() ? expanded.text() : body;
            }
            return Content.text(body);
        }
        if (redirect.op().equals("<<<")) {
            Arg arg = expander.expandJoined(redirect.target(), env, depth);
            return arg.exact() ? Content.text(arg.text() + "\n") : Content.unknown("here-string " + arg.display());
        }
        if (redirect.op().equals("<") && redirect.target() != null) {
            Arg arg = expander.expandJoined(redirect.target(), env, depth);
            devTcp(redirect.op(), arg);
            // a file written earlier in the line (echo 'DROP ...' > x.sql && mysql < x.sql) has known content
            Content known = env.read(arg);
            return known != null ? known : Content.file(arg.display());
        }
        return null;
    }

    private Content runSimple(Node.Simple simple, Env env, int depth, Content stdin) {
        Content input = stdin;
        List<Arg> writes = new ArrayList<>();
        List<Arg> stdoutWrites = new ArrayList<>();
        for (Node.Redirect redirect : simple.redirects()) {
            Content read = redirectedInput(redirect, env, depth);
            if (read != null) {
                input = read;
            } else if (redirect.writes() && redirect.target() != null) {
                Arg target = expander.expandJoined(redirect.target(), env, depth);
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
                Arg value = expander.expandJoined(assignment.value(), env, depth);
                commandVariable(assignment.name(), value, env, depth);
                env.vars.put(assignment.name(), value.exact() ? value.text() : null);
                // tmp=$(mktemp -d): the variable is that command's output, and its expansions say so
                if (value.dynamic() && value.producers().size() == 1 && value.text().equals(UNKNOWN_TEXT)) {
                    env.lineSources.put(assignment.name(), value.producers().get(0));
                } else if (!env.lineSources.isEmpty()) {
                    env.lineSources.remove(assignment.name());
                }
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
            commandVariable(assignment.name(), expander.expandJoined(assignment.value(), env, depth), env, depth);
        }
        List<Arg> args = expander.expandAll(simple.words(), env, depth);
        Content out = dispatch(args, writes, input, env, depth);
        for (Arg write : stdoutWrites) {
            if (write.exact()) {
                env.wrote(write.text(), out);
                loginScripts.wrote(write, out, env, depth);
            }
        }
        return stdoutWrites.isEmpty() ? out : Content.NONE;
    }

    // ---------------------------------------------------------------- one command

    Content dispatch(List<Arg> args, List<Arg> writes, Content stdin, Env env, int depth) {
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
                if (PowerShellLines.isAssignment(first, args.subList(1, args.size()))) {
                    return Content.NONE;
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
            // find . | parallel rm {}, printf '/\n' | parallel rm -rf: the input lines are the command's arguments
            if (name.equals("parallel") && (stdin.isText() || !stdin.roots().isEmpty()) && CommandFeeders.parallelReadsInput(rest)) {
                return feeders.parallel(rest, writes, stdin, env, depth);
            }
            Wrappers.Unwrapped unwrapped = Wrappers.unwrap(name, rest, knowledge);
            if (unwrapped != null) {
                if (unwrapped.shellString() != null) {
                    if (unwrapped.judgeWrapper()) {
                        emit(name, rest, writes, stdin, env);
                    }
                    runShellString(name, unwrapped.shellString(), env, depth, stdin);
                    if (unwrapped.shellString().exact() && (name.equalsIgnoreCase("cmd") || name.equalsIgnoreCase("cmd.exe"))) {
                        // cmd /c "for /d %i in (SET) do CMD", "if exist X CMD": the statements the POSIX reading does
                        // not see, as CommandAnalyzer reads them on a line of their own
                        for (String cmdLine : CmdLines.commands(unwrapped.shellString().text())) {
                            runShellText(cmdLine, env, depth + 1, stdin);
                        }
                    }
                    return Content.unknown(name);
                }
                if (unwrapped.command() == null) {
                    if (name.equals("ssh") && stdin.kind() != Content.Kind.NONE) {
                        remoteStdinScript(stdin, env, depth);
                    }
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
        ResolvedCommand command = resolved(name, rest, writes, stdin, env.cwd);
        sink.command(command);
        resourceDeletion(name, rest, env);
        // a wrapper's other subcommands (`direnv hook bash`) print; name their output by the whole command, so
        // `eval "$(direnv hook bash)"` is judged against the trusted generators like `eval "$(starship init bash)"`
        return Content.unknown(command.evidence());
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
        String base = ProgramCode.interpreterFamily(lower);
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
            programs.shell(name, rest, stdin, env, depth);
            return Content.unknown(name);
        }
        if (TABLES.codeFlag(base) != null) {
            // curl URL | python3 -c 'import json,sys; ...': the download is the program's data, not its code
            sink.command(stdin.kind() == Content.Kind.DOWNLOAD && ProgramCode.readsStdinAsData(base, rest)
                ? resolved(name, rest, writes, Content.NONE, env.cwd) : command);
            resourceDeletion(name, rest, env);
            programs.code(base, rest, stdin, env, depth);
            return Content.unknown(name);
        }
        if (lower.equals("xargs")) {
            return feeders.xargs(rest, writes, stdin, env, depth);
        }
        if (lower.equals("find")) {
            sink.command(command);
            feeders.findExec(rest, env, depth);
            return Producers.outputOf("find", rest, stdin, command::evidence);
        }
        if (lower.equals("fd") || lower.equals("fdfind")) {
            sink.command(command);
            List<Arg> find = FdArgs.asFind(rest); // fd -x CMD: judged as the find -exec doing the same
            if (find != null) {
                feeders.findExec(find, env, depth);
            }
            return Content.unknown(command.evidence());
        }
        Content builtin = builtins.run(lower, name, rest, command, stdin, env, depth);
        if (builtin != null) {
            return builtin;
        }
        sink.command(command);
        resourceDeletion(name, rest, env);
        feeders.treeFanoutOfArgs(name, rest, env);
        if (Downloads.isFetcher(lower)) {
            Downloads.urls(rest).forEach(sink::fetchedUrl);
            Downloads.savedFile(lower, rest).ifPresent(path -> env.wrote(path, Content.download(Downloads.firstUrl(rest))));
        }
        if (lower.equals("tee")) {
            rest.stream().filter(a -> !a.isFlag() && a.exact()).forEach(a -> {
                env.wrote(a.text(), stdin);
                loginScripts.wrote(a, stdin, env, depth);
            });
        }
        String sqlText = SqlClients.sqlOf(lower, rest, stdin);
        if (sqlText != null) {
            analyzeSql(sqlText, name);
        } else if (TABLES.readsSqlOnStdin(lower)) {
            // psql -f <(echo 'DROP ...'), or a file written earlier in the line: its known text is the SQL run
            for (int i = 0; i < rest.size(); i++) {
                String t = rest.get(i).text();
                Arg file = (t.equals("-f") || t.equals("--file")) && i + 1 < rest.size() ? rest.get(i + 1)
                    : t.startsWith("--file=") ? Arg.literal(t.substring("--file=".length())) : null;
                Content script = file == null ? null : env.read(file);
                if (script != null && script.isText()) {
                    analyzeSql(script.text(), name);
                }
            }
        }
        if ((TABLES.readsCommandLines(lower) || TABLES.readsCommandScript(lower)) && stdin.isText()) {
            // echo FLUSHALL | redis-cli, mongosh <<< 'db.dropDatabase()': commands read from stdin are judged as if
            // they were given on the command line.
            stdinClients.run(name, rest, writes, stdin.text(), env);
        } else if (stdin.isText()) {
            String wire = TABLES.wireClient(lower, rest);
            if (wire != null) {
                stdinClients.run(wire, List.of(), writes, stdin.text(), env);
            }
        }
        if (lower.equals("git")) {
            gitConfig.run(rest, env, depth);
        }
        if (stdin.isText()) {
            scheduledJobs.run(lower, rest, stdin, env, depth);
        }
        if (TABLES.isAwk(lower)) {
            ProgramCode.awkProgram(rest).ifPresent(program -> analyzeCode("awk", program, depth + 1));
        }
        return Producers.outputOf(lower, rest, stdin, command::evidence);
    }

    /** A variable whose value a program or shell runs (runners.yaml {@code variables}): GIT_SSH_COMMAND, BASH_ENV, PS4... */
    void commandVariable(String name, Arg value, Env env, int depth) {
        embedded.variable(name, value, env, depth);
    }

    /** See {@link CommandFeeders#noteTree}. */
    void noteTree(String source, List<String> roots) {
        feeders.noteTree(source, roots);
    }

    void emit(String name, List<Arg> rest, List<Arg> writes, Content stdin, Env env) {
        sink.command(resolved(name, rest, writes, stdin, env.cwd));
        resourceDeletion(name, rest, env);
    }

    /** A program the packs do not know, read as a service CLI or an HTTP client: what it deletes, for the packs. */
    private void resourceDeletion(String name, List<Arg> rest, Env env) {
        ResourceDeletes.Deletion deletion = RESOURCE_DELETES.read(name, rest, knowledge.commandNames());
        if (deletion != null) {
            List<Arg> args = deletion.args().stream().map(Arg::literal).toList();
            sink.command(resolved(deletion.marker(), args, List.of(), Content.NONE, env.cwd));
        }
    }

    ResolvedCommand resolved(String name, List<Arg> rest, List<Arg> writes, Content stdin, String cwd) {
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
        for (String p : Env.POSITIONAL) {
            saved.put(p, env.vars.get(p));
        }
        env.setPositional(rest);
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

    /** Programs whose output is a path, a name or a number: no shell syntax, whatever the machine. */
    private static final Set<String> INERT_PRODUCERS = Set.of("mktemp", "pwd", "date", "whoami", "id", "hostname", "uname",
        "nproc", "basename", "dirname", "realpath", "getconf", "tty", "logname");
    private static final String INERT_VARIABLE = "__computed_word";
    private static final String UNKNOWN_TEXT = String.valueOf(Arg.UNKNOWN);

    /** Exactly one unknown part, made by one program of {@link #INERT_PRODUCERS} (an unset variable adds another). */
    private static boolean inertPart(Arg script) {
        String text = script.text();
        int unknown = text.indexOf(Arg.UNKNOWN);
        if (!script.dynamic() || script.producers().size() != 1 || unknown < 0 || text.indexOf(Arg.UNKNOWN, unknown + 1) >= 0) {
            return false;
        }
        String producer = script.producers().get(0).trim();
        int space = producer.indexOf(' ');
        return INERT_PRODUCERS.contains(space < 0 ? producer : producer.substring(0, space));
    }

    void runShellString(String via, Arg script, Env env, int depth, Content stdin) {
        if (script.exact()) {
            runShellText(script.text(), env, depth + 1, stdin);
            return;
        }
        if (script.dynamic() && script.producers().stream().allMatch(knowledge::trustedGenerator)) {
            return;
        }
        if (inertPart(script)) {
            // trap "rm -rf $tmp" EXIT over tmp=$(mktemp -d): the one computed part is a path or a name, never shell
            // syntax, so the code is read with that part standing for the command's output, as 'rm -rf "$tmp"' is
            env.vars.put(INERT_VARIABLE, null);
            env.lineSources.put(INERT_VARIABLE, script.producers().get(0));
            runShellText(script.text().replace(String.valueOf(Arg.UNKNOWN), "${" + INERT_VARIABLE + "}"), env, depth + 1, stdin);
            env.lineSources.remove(INERT_VARIABLE);
            env.vars.remove(INERT_VARIABLE);
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

    /**
     * {@code ssh HOST} with no command runs the remote login shell on its standard input: a here-document or piped
     * text is a script there ({@code ssh host <<EOF rm -rf / EOF}), a download is remote code run like {@code | sh}.
     * With a command ({@code ssh host 'cat > f' <<EOF}) the input is that command's data and stays unread.
     */
    private void remoteStdinScript(Content stdin, Env env, int depth) {
        if (stdin.isText()) {
            runShellText(stdin.text(), env.copy(), depth + 1, Content.NONE);
        } else if (stdin.kind() == Content.Kind.DOWNLOAD) {
            sink.command(new ResolvedCommand("sh", List.of(), List.of(), stdin, env.cwd));
        }
    }

    /** A script read from a process substitution ({@code sh <(curl ...)}) is judged like one piped on stdin. */
    void announceDownload(String name, List<Arg> rest, Content script, Env env) {
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
        if (text.indexOf('@') >= 0) {
            // a package runner's spec (npx rimraf@5, pnpm dlx @scope/tool@latest) runs the package's binary, named
            // after the package; no program on a PATH is named with an '@' in it
            java.util.regex.Matcher spec = PACKAGE_SPEC.matcher(text);
            if (spec.matches()) {
                return spec.group(1);
            }
        }
        return text;
    }

    /** {@code [@scope/]name[@version-or-tag]} with a scope or a version, as npm writes a package to fetch and run. */
    private static final java.util.regex.Pattern PACKAGE_SPEC = java.util.regex.Pattern.compile(
        "(?:@[a-z0-9][a-z0-9._-]*/)?([a-z0-9][a-z0-9._-]*)(?:@[a-z0-9^~<>=.*+-]+)?");

    static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replace('\n', ' ');
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }
}
