package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The interpreter's tables about program families ({@code shell-knowledge.yaml}) and wrappers ({@code wrappers.yaml}):
 * shells, interpreters' code flags, git settings that hold a command, downloaders, database clients reading
 * standard input, option arities, default variables. Loaded strictly (unknown keys, a name listed twice, a section
 * without examples fail the load); immutable once loaded; one shared instance.
 */
public final class ShellKnowledge {

    static final String RESOURCE = "io/agentsafety/commands/shell-knowledge.yaml";
    static final String WRAPPERS = "io/agentsafety/commands/wrappers.yaml";

    /** A wrapper: options taking a value, words before the command, whether the rest is one shell command line. */
    record WrapperSpec(Set<String> valueOptions, int positionals, boolean shell) {
    }

    private final Set<String> shells;
    private final Set<String> posixShells;
    private final Set<String> arithmeticShells;
    private final Map<String, String> codeFlags;
    private final Set<String> gitCommandKeys;
    private final List<String> gitCommandKeyPrefixes;
    private final Set<String> fetchers;
    private final Set<String> fetcherValueOptions;
    private final Set<String> sqlStdinClients;
    /** Service CLIs that read SQL on standard input after a subcommand ({@code gcloud} → [[sql, connect]]). */
    private final Map<String, List<List<String>>> sqlStdinSubcommands;
    private final Map<String, List<String>> sqlOptions;
    /** Service CLIs' SQL options by program, then by subcommand words ({@code aws} → [rds-data, execute-statement]). */
    private final Map<String, Map<List<String>, List<String>>> sqlSubcommandOptions;
    private final Set<String> lineCommandClients;
    private final Set<String> scriptCommandClients;
    /** Programs that send their standard input to a host's port as it is (nc, telnet), and the client each port's protocol is. */
    private final Set<String> wireClients;
    private final Map<Integer, String> wirePorts;
    private final Set<String> awk;
    private final Map<String, Set<String>> valueOptions;
    private final Map<String, String> defaultVariables;
    private final Map<String, WrapperSpec> wrappers = new HashMap<>();
    private final List<CommandRunners.Example> runs = new ArrayList<>();
    private final List<String> benign = new ArrayList<>();

    private static final ShellKnowledge BUILT_IN = new ShellKnowledge(YamlData.resource(RESOURCE), YamlData.resource(WRAPPERS));

    public static ShellKnowledge builtIn() {
        return BUILT_IN;
    }

    ShellKnowledge(Map<String, Object> root, Map<String, Object> wrapperRoot) {
        YamlData.map(root, RESOURCE, Set.of("shells", "interpreters", "git_config", "downloads", "sql_clients",
            "stdin_command_clients", "awk", "option_arities", "variables"));
        Map<String, Object> s = section(root, "shells", "names", "posix", "arithmetic");
        shells = names(s.get("names"), "shells.names");
        posixShells = names(s.get("posix"), "shells.posix");
        arithmeticShells = names(s.get("arithmetic"), "shells.arithmetic");
        codeFlags = strings(section(root, "interpreters", "code_flags").get("code_flags"), "interpreters.code_flags");
        Map<String, Object> git = section(root, "git_config", "command_keys", "command_key_prefixes");
        gitCommandKeys = names(git.get("command_keys"), "git_config.command_keys");
        gitCommandKeyPrefixes = List.copyOf(names(git.get("command_key_prefixes"), "git_config.command_key_prefixes"));
        Map<String, Object> d = section(root, "downloads", "fetchers", "value_options");
        fetchers = names(d.get("fetchers"), "downloads.fetchers");
        fetcherValueOptions = names(d.get("value_options"), "downloads.value_options");
        Map<String, Object> sql = section(root, "sql_clients", "options", "stdin");
        Set<String> stdinNames = names(sql.get("stdin"), "sql_clients.stdin");
        sqlStdinClients = stdinNames.stream().filter(n -> !n.contains(" ")).collect(java.util.stream.Collectors.toUnmodifiableSet());
        sqlStdinSubcommands = new HashMap<>();
        stdinNames.stream().filter(n -> n.contains(" ")).sorted().forEach(n -> {
            List<String> words = List.of(n.trim().split(" +"));
            sqlStdinSubcommands.computeIfAbsent(words.get(0), k -> new ArrayList<>()).add(words.subList(1, words.size()));
        });
        sqlOptions = new HashMap<>();
        sqlSubcommandOptions = new HashMap<>();
        YamlData.map(sql.get("options"), "sql_clients.options", Set.of()).forEach((client, pair) -> {
            List<String> names = YamlData.strings(pair, "sql_clients.options." + client);
            if (names.size() != 2 || names.stream().anyMatch(n -> !n.startsWith("-"))) {
                throw new IllegalStateException("sql_clients.options." + client + " must be [short option, long option]");
            }
            List<String> words = List.of(client.trim().split(" +"));
            if (words.size() == 1) {
                sqlOptions.put(client, List.copyOf(names));
            } else {
                sqlSubcommandOptions.computeIfAbsent(words.get(0), k -> new LinkedHashMap<>())
                    .put(words.subList(1, words.size()), List.copyOf(names));
            }
        });
        Map<String, Object> c = section(root, "stdin_command_clients", "lines", "script", "wire_clients", "wire_ports");
        lineCommandClients = names(c.get("lines"), "stdin_command_clients.lines");
        scriptCommandClients = names(c.get("script"), "stdin_command_clients.script");
        wireClients = names(c.get("wire_clients"), "stdin_command_clients.wire_clients");
        wirePorts = new HashMap<>();
        YamlData.map(c.get("wire_ports"), "stdin_command_clients.wire_ports", Set.of()).forEach((port, client) ->
            wirePorts.put(Integer.valueOf(port), YamlData.string(client, "stdin_command_clients.wire_ports." + port, true)));
        awk = names(section(root, "awk", "names").get("names"), "awk.names");
        Map<String, Object> arities = YamlData.map(section(root, "option_arities", "value_options").get("value_options"),
            "option_arities.value_options", Set.of());
        valueOptions = new HashMap<>();
        arities.forEach((program, options) -> valueOptions.put(program, names(options, "option_arities." + program)));
        defaultVariables = strings(section(root, "variables", "defaults").get("defaults"), "variables.defaults");
        wrappers(wrapperRoot);
    }

    private void wrappers(Map<String, Object> root) {
        YamlData.map(root, WRAPPERS, Set.of("wrappers"));
        for (Object item : YamlData.list(root.get("wrappers"), "wrappers")) {
            Map<String, Object> w = YamlData.map(item, "wrappers[]", Set.of("programs", "value_options", "positionals",
                "shell", "examples"));
            Set<String> programs = names(w.get("programs"), "wrappers[].programs");
            String where = "wrappers.yaml " + programs;
            Object positionals = w.getOrDefault("positionals", 0);
            Object shell = w.getOrDefault("shell", false);
            if (!(positionals instanceof Integer n) || n < 0 || !(shell instanceof Boolean)) {
                throw new IllegalStateException(where + ": positionals must be a count, shell true or false");
            }
            WrapperSpec spec = new WrapperSpec(names(w.get("value_options"), where + ".value_options"), n, (Boolean) shell);
            for (String program : programs) {
                if (wrappers.put(program, spec) != null) {
                    throw new IllegalStateException(where + ": program '" + program + "' is listed twice");
                }
            }
            examples(w.get("examples"), where, false);
        }
    }

    /** The section {@code name}: a mapping with the given keys and {@code examples}, whose examples are recorded. */
    private Map<String, Object> section(Map<String, Object> root, String name, String... keys) {
        Set<String> allowed = new HashSet<>(List.of(keys));
        allowed.add("examples");
        Map<String, Object> section = YamlData.map(root.get(name), RESOURCE + " " + name, allowed);
        for (String key : keys) {
            if (section.get(key) == null) {
                throw new IllegalStateException(RESOURCE + " " + name + ": '" + key + "' is required");
            }
        }
        examples(section.get("examples"), RESOURCE + " " + name, true);
        return section;
    }

    private void examples(Object value, String where, boolean benignRequired) {
        if (value == null) {
            throw new IllegalStateException(where + ": examples are required");
        }
        Map<String, Object> e = YamlData.map(value, where + ".examples", Set.of("runs", "benign"));
        List<Object> pairs = YamlData.list(e.get("runs"), where + ".examples.runs");
        List<String> near = YamlData.strings(e.get("benign"), where + ".examples.benign");
        if (pairs.isEmpty() || benignRequired && near.isEmpty()) {
            throw new IllegalStateException(where + ": at least one 'runs'" + (benignRequired ? " and one 'benign'" : "")
                + " example is required");
        }
        for (Object pair : pairs) {
            List<String> p = YamlData.strings(pair, where + ".examples.runs[]");
            if (p.size() != 2) {
                throw new IllegalStateException(where + ".examples.runs: each is [command, inner command]");
            }
            runs.add(new CommandRunners.Example(where, p.get(0), p.get(1)));
        }
        benign.addAll(near);
    }

    /** A list of names, none listed twice. */
    private static Set<String> names(Object value, String where) {
        Set<String> out = new HashSet<>();
        for (String name : YamlData.strings(value, where)) {
            if (!out.add(name)) {
                throw new IllegalStateException(where + ": '" + name + "' is listed twice");
            }
        }
        return Set.copyOf(out);
    }

    private static Map<String, String> strings(Object value, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        YamlData.map(value, where, Set.of()).forEach((k, v) -> out.put(k, YamlData.string(v, where + "." + k, true)));
        return Map.copyOf(out);
    }

    /** Commands and their inner commands: analysing the first must report every rule the second reports. */
    public List<CommandRunners.Example> runsExamples() {
        return List.copyOf(runs);
    }

    /** Near misses: allowed with no finding and nothing unresolved. */
    public List<String> benignExamples() {
        return List.copyOf(benign);
    }

    boolean isShell(String name) {
        return shells.contains(name);
    }

    boolean isPosixShell(String name) {
        return name != null && posixShells.contains(name);
    }

    boolean isArithmeticShell(String name) {
        return name != null && arithmeticShells.contains(name);
    }

    /** The option whose value is code for this interpreter family, or null when it is not an interpreter. */
    String codeFlag(String family) {
        return codeFlags.get(family);
    }

    boolean isGitCommandKey(String lowerKey) {
        return gitCommandKeys.contains(lowerKey) || gitCommandKeyPrefixes.stream().anyMatch(lowerKey::startsWith);
    }

    boolean isFetcher(String lower) {
        return fetchers.contains(lower);
    }

    Set<String> fetcherValueOptions() {
        return fetcherValueOptions;
    }

    /**
     * [short, long] option whose value is the SQL a client runs, or null. A key of several words is a service CLI's
     * subcommand ({@code aws rds-data execute-statement}): its words must follow each other among {@code args}.
     */
    List<String> sqlOption(String client, List<Arg> args) {
        List<String> option = sqlOptions.get(client);
        if (option != null) {
            return option;
        }
        for (Map.Entry<List<String>, List<String>> sub : sqlSubcommandOptions.getOrDefault(client, Map.of()).entrySet()) {
            if (containsRun(args, sub.getKey())) {
                return sub.getValue();
            }
        }
        return null;
    }

    /** Whether {@code words} occur one after another among {@code args}. */
    private static boolean containsRun(List<Arg> args, List<String> words) {
        for (int i = 0; i + words.size() <= args.size(); i++) {
            int j = 0;
            while (j < words.size() && args.get(i + j).text().equals(words.get(j))) {
                j++;
            }
            if (j == words.size()) {
                return true;
            }
        }
        return false;
    }

    boolean readsSqlOnStdin(String name) {
        return sqlStdinClients.contains(name);
    }

    /** As {@link #readsSqlOnStdin(String)}, and for a service CLI's subcommand that opens a database shell ({@code gcloud sql connect}). */
    boolean readsSqlOnStdin(String name, List<Arg> args) {
        return readsSqlOnStdin(name)
            || sqlStdinSubcommands.getOrDefault(name, List.of()).stream().anyMatch(words -> containsRun(args, words));
    }

    boolean readsCommandLines(String name) {
        return lineCommandClients.contains(name);
    }

    boolean readsCommandScript(String name) {
        return scriptCommandClients.contains(name);
    }

    /**
     * The client whose commands a raw connection sends ({@code echo FLUSHALL | nc cache 6379} speaks to redis as
     * {@code redis-cli} would), by the port it connects to; null for other programs or ports.
     */
    String wireClient(String name, List<Arg> rest) {
        if (!wireClients.contains(name)) {
            return null;
        }
        for (io.agentsafety.commands.NetworkEndpoint endpoint : NetworkTools.builtIn().endpoints(name, rest, null)) {
            String client = endpoint.port() == null ? null : wirePorts.get(endpoint.port());
            if (client != null) {
                return client;
            }
        }
        return null;
    }

    boolean isAwk(String name) {
        return awk.contains(name);
    }

    /** Options taking a value of {@code program} ({@code "docker run"} for a subcommand); empty when none listed. */
    Set<String> valueOptions(String program) {
        return valueOptions.getOrDefault(program, Set.of());
    }

    /** The standard value of a shell variable the command line did not set, or null. */
    String defaultVariable(String name) {
        return defaultVariables.get(name);
    }

    /** Every wrapper's options taking a value, by program: merged into the rule packs' {@code value_options}. */
    public Map<String, Set<String>> wrapperValueOptions() {
        Map<String, Set<String>> out = new HashMap<>();
        wrappers.forEach((program, spec) -> out.put(program, spec.valueOptions()));
        return out;
    }

    /** The wrapper spec of {@code program}, or null when it is not a plain wrapper. */
    WrapperSpec wrapper(String program) {
        return wrappers.get(program);
    }
}
