package io.agentsafety.commands;

import io.agentsafety.commands.analysis.Budget;
import io.agentsafety.commands.analysis.CommandRunners;
import io.agentsafety.commands.analysis.Interpreter;
import io.agentsafety.commands.analysis.CmdLines;
import io.agentsafety.commands.analysis.PowerShellLines;
import io.agentsafety.commands.analysis.ResolvedCommand;
import io.agentsafety.commands.analysis.ShellKnowledge;
import io.agentsafety.commands.analysis.Sink;
import io.agentsafety.commands.analysis.SqlAnalyzer;
import io.agentsafety.commands.rules.Rule;
import io.agentsafety.commands.rules.RulePackLoader;
import io.agentsafety.commands.rules.RuleSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Analyses shell commands, SQL and code snippets against the rule packs. Thread-safe and immutable once built;
 * never throws on any input: if the analysis itself fails, the result is "unresolved" (require approval).
 */
public final class CommandAnalyzer {

    public static final int MAX_INPUT_CHARS = 65536;
    /** Parser nodes and interpreter steps one analysis may spend; proportional to the input size limit. */
    private static final int MAX_NODES = 40_000;
    private static final int MAX_STEPS = 200_000;
    private static final int MAX_FINDINGS = 64;
    private static final Set<String> SQL_VERBS = Set.of("select", "insert", "update", "delete", "drop", "truncate",
        "alter", "create", "vacuum", "grant", "revoke", "with", "merge", "replace", "analyze", "describe", "explain",
        "show", "comment", "rename", "upsert", "reindex", "cluster");

    private final RuleSet ruleSet;
    private final Set<String> disabled;
    private final SqlAnalyzer sql = new SqlAnalyzer();

    private CommandAnalyzer(RuleSet ruleSet, Set<String> disabled) {
        this.ruleSet = ruleSet;
        this.disabled = disabled;
    }

    /**
     * Loads the built-in packs and the configured extra packs, and checks every rule's inline examples.
     *
     * @throws IllegalArgumentException naming the pack and rule when a pack is invalid or an example fails
     */
    public static CommandAnalyzer fromClasspath(RuleConfig config) {
        CommandAnalyzer analyzer = withoutExampleCheck(config);
        List<String> failures = new CommandAnalyzer(analyzer.ruleSet, Set.of()).exampleFailures();
        if (!failures.isEmpty()) {
            throw new IllegalArgumentException("rule examples fail: " + String.join("; ", failures));
        }
        return analyzer;
    }

    /**
     * Loads the packs without running the examples (tests use it to list every failing example at once). With the
     * built-in packs alone, a rule that names commands is loaded the first time one of them is analysed ({@link
     * RulePackLoader#builtinsOnDemand}); the decisions are the same as with every rule loaded.
     */
    static CommandAnalyzer withoutExampleCheck(RuleConfig config) {
        RuleConfig effective = config == null ? RuleConfig.DEFAULTS : config;
        if (effective.extraRulePacks().isEmpty()) {
            return new CommandAnalyzer(RulePackLoader.builtinsOnDemand(), effective.disabledRuleIds());
        }
        return withEveryRuleLoaded(effective);
    }

    /** As {@link #withoutExampleCheck}, every rule loaded now (extra packs; tests compare it with the index's). */
    static CommandAnalyzer withEveryRuleLoaded(RuleConfig config) {
        RuleConfig effective = config == null ? RuleConfig.DEFAULTS : config;
        RulePackLoader loader = new RulePackLoader();
        loader.loadBuiltins();
        for (String pack : effective.extraRulePacks()) {
            loader.loadExtra(pack);
        }
        return new CommandAnalyzer(loader.build(), effective.disabledRuleIds());
    }

    /** Loads the rules not loaded yet (before a SnapStart/CRaC snapshot, so that it holds them all). */
    public void loadEveryRule() {
        ruleSet.loadEveryRule();
    }

    /** How many rules are loaded now ({@link #rules()} lists them all, loading the rest). */
    public int loadedRuleCount() {
        return ruleSet.loadedRuleCount();
    }

    /** Every rule example that does not behave as declared (empty when all pass). */
    public List<String> exampleFailures() {
        List<String> failures = new ArrayList<>();
        for (Rule rule : ruleSet.rules()) {
            for (String example : rule.matchExamples()) {
                if (!firedRules(example).contains(rule.id())) {
                    failures.add(rule.pack() + "/" + rule.id() + " does not match its example: " + example);
                }
            }
            for (String example : rule.notMatchExamples()) {
                if (firedRules(example).contains(rule.id())) {
                    failures.add(rule.pack() + "/" + rule.id() + " matches its not_match example: " + example);
                }
            }
        }
        List<CommandRunners.Example> tableExamples = new ArrayList<>(CommandRunners.builtIn().runsExamples());
        tableExamples.addAll(ShellKnowledge.builtIn().runsExamples());
        for (CommandRunners.Example example : tableExamples) {
            Set<String> inner = firedRules(example.inner());
            if (inner.isEmpty() || !firedRules(example.command()).containsAll(inner)) {
                failures.add(example.where() + " is not judged as the command it runs: " + example.command());
            }
        }
        return failures;
    }

    /**
     * The rules an example fires. {@code [cwd /abs] command} runs the command as a request whose {@code cwd} (the
     * workspace) is {@code /abs}, so rules about the workspace have examples too.
     */
    private Set<String> firedRules(String example) {
        String cwd = null;
        String command = example;
        if (example.startsWith("[cwd ")) {
            int end = example.indexOf("] ");
            cwd = example.substring(5, end);
            command = example.substring(end + 2);
        }
        Set<String> ids = new LinkedHashSet<>();
        analyzeShell(command, cwd).findings().forEach(f -> ids.add(f.ruleId()));
        return ids;
    }

    public List<RuleDescription> rules() {
        return ruleSet.rules().stream().map(r -> new RuleDescription(r.id(), r.description(), r.severity().wireName(), r.verdict().wireName(),
            !disabled.contains(r.id()), r.pack())).toList();
    }

    public CommandAssessment analyzeShell(String command) {
        return analyzeShell(command, null);
    }

    /** As {@link #analyzeShell(String)}, with the directory the command runs in (null when unknown). */
    public CommandAssessment analyzeShell(String command, String cwd) {
        return analyzeShell(command, cwd, null);
    }

    /**
     * As {@link #analyzeShell(String, String)}, with the shell that will run the command ({@code sh}, {@code bash},
     * {@code /bin/dash}...; null when unknown). Syntax whose meaning differs between shells is read as that shell
     * reads it, and when it is unknown in every way any shell may read it ({@code ((rm -rf /))} is two subshells in dash).
     */
    public CommandAssessment analyzeShell(String command, String cwd, String shell) {
        return run(command, (interpreter, text) -> {
            if (looksLikeSql(text)) {
                interpreter.analyzeSql(text, "sql");
            } else {
                interpreter.analyzeShell(text, cwd, shell);
                if (PowerShellLines.looksLikePowerShell(text)) {
                    interpreter.analyzeShell(PowerShellLines.asPwshCommand(text), cwd, shell);
                }
                for (String cmdLine : CmdLines.commands(text)) {
                    interpreter.analyzeShell(cmdLine, cwd, shell); // cmd.exe's if exist / for ... do
                }
            }
        });
    }

    public CommandAssessment analyzeSql(String sqlText) {
        return run(sqlText, (interpreter, text) -> interpreter.analyzeSql(text, "sql"));
    }

    /**
     * Code in a language: bash/sh/zsh are shell, sql is SQL, python/node/ruby/perl/php are searched for commands
     * they run and destructive library calls; other languages get both treatments as far as they apply.
     */
    public CommandAssessment analyzeCode(String language, String code) {
        String lang = normalizeLanguage(language);
        return run(code, (interpreter, text) -> {
            switch (lang) {
                case "shell" -> interpreter.analyzeShell(text, null, language.trim().toLowerCase(Locale.ROOT));
                case "sql" -> interpreter.analyzeSql(text, "sql");
                case "python", "node", "ruby", "perl", "php" -> interpreter.analyzeCode(lang, text, 0);
                default -> {
                    interpreter.analyzeCode("", text, 0);
                    if (looksLikeSql(text)) {
                        interpreter.analyzeSql(text, "sql");
                    }
                }
            }
        });
    }

    static String normalizeLanguage(String language) {
        String l = language == null ? "" : language.trim().toLowerCase(Locale.ROOT);
        return switch (l) {
            case "bash", "sh", "zsh", "shell", "dash", "ksh", "fish" -> "shell";
            case "sql", "postgresql", "postgres", "mysql", "sqlite", "psql", "plpgsql" -> "sql";
            case "python", "python3", "python2", "py" -> "python";
            case "javascript", "js", "node", "nodejs", "typescript", "ts" -> "node";
            case "ruby", "rb" -> "ruby";
            case "perl", "pl" -> "perl";
            case "php" -> "php";
            default -> l;
        };
    }

    private boolean looksLikeSql(String text) {
        String trimmed = text.stripLeading();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        String first = trimmed.substring(0, end);
        if (!SQL_VERBS.contains(first.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return first.equals(first.toUpperCase(Locale.ROOT)) && end < trimmed.length() && trimmed.charAt(end) == ' '
            || sql.parses(text);
    }

    private interface Job {
        void run(Interpreter interpreter, String text);
    }

    private CommandAssessment run(String input, Job job) {
        Collector collector = new Collector();
        String text = input == null ? "" : input;
        if (text.length() > MAX_INPUT_CHARS) {
            collector.findings.put("command.too_long", new CommandFinding("command.too_long",
                "input longer than " + MAX_INPUT_CHARS + " characters: only the start was analysed", Severity.MEDIUM,
                CommandVerdict.REQUIRE_APPROVAL, text.length() + " characters"));
            text = text.substring(0, MAX_INPUT_CHARS);
        }
        Budget budget = new Budget(MAX_NODES, MAX_STEPS);
        try {
            job.run(new Interpreter(ruleSet, collector, budget), text);
            if (budget.exceeded()) {
                collector.unresolved("the input is too complex to analyse completely within the analysis budget");
            }
        } catch (RuntimeException | StackOverflowError e) {
            // Fail closed: an input the analysis cannot handle needs a human.
            collector.unresolved("the analysis could not complete (" + e.getClass().getSimpleName() + ")");
        }
        return new CommandAssessment(new ArrayList<>(collector.findings.values()), new ArrayList<>(collector.urls),
            new ArrayList<>(collector.unresolved), new ArrayList<>(collector.hosts));
    }

    /** Matches each resolved command against the enabled rules and keeps the results, bounded and deduplicated. */
    private final class Collector implements Sink {
        final Map<String, CommandFinding> findings = new LinkedHashMap<>();
        final Set<String> urls = new LinkedHashSet<>();
        final Set<String> unresolved = new LinkedHashSet<>();
        final Set<NetworkEndpoint> hosts = new LinkedHashSet<>();

        @Override
        public void command(ResolvedCommand command) {
            if (findings.size() >= MAX_FINDINGS) {
                return;
            }
            String evidence = null; // masked and quoted: computed once, and only for a command some rule matched
            for (Rule rule : ruleSet.matching(command)) {
                if (disabled.contains(rule.id())) {
                    continue;
                }
                if (evidence == null) {
                    evidence = command.evidence();
                }
                findings.putIfAbsent(rule.id() + "\n" + evidence, new CommandFinding(rule.id(), rule.description(),
                    rule.severity(), rule.verdict(), evidence));
            }
        }

        @Override
        public void unresolved(String what) {
            if (unresolved.size() < 16) {
                unresolved.add(what);
            }
        }

        @Override
        public void contactedHost(NetworkEndpoint endpoint) {
            if (hosts.size() < 32) {
                hosts.add(endpoint);
            }
        }

        @Override
        public void fetchedUrl(String url) {
            if (urls.size() < 32) {
                urls.add(url);
            }
        }
    }
}
