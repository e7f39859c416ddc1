package io.agentsafety.commands.rules;

import io.agentsafety.commands.CommandVerdict;
import io.agentsafety.commands.Severity;
import io.agentsafety.commands.analysis.PreparedTables;
import io.agentsafety.commands.analysis.ShellKnowledge;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads YAML rule packs (built-in ones listed in {@code rules/packs.txt}, extra ones from files or the classpath)
 * and validates them: unknown keys, bad severities or verdicts, duplicate ids are load errors naming the pack and rule.
 */
public final class RulePackLoader {

    public static final String BUILTIN_DIR = "io/agentsafety/commands/rules/";
    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private static final Set<String> VERDICTS = Set.of("deny", "require_approval");
    private static final Set<String> PACK_KEYS = Set.of("pack", "description", "rules", "value_options", "trusted_generators");
    private static final Set<String> RULE_KEYS = Set.of("id", "description", "severity", "verdict", "match", "examples");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,80}");

    private final List<Rule> rules = new ArrayList<>();
    private final List<Map<String, Set<String>>> options = new ArrayList<>();
    private final List<String> trusted = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    public RuleSet build() {
        return new RuleSet(rules, RuleSet.mergeOptions(options), trusted);
    }

    List<Rule> rules() {
        return rules;
    }

    /** The value_options of the packs loaded (and the wrappers' after {@link #loadBuiltins}), one map each. */
    List<Map<String, Set<String>>> options() {
        return options;
    }

    List<String> trusted() {
        return trusted;
    }

    public void loadBuiltins() {
        // The wrappers' option arities (wrappers.yaml) are value_options like a pack's: rules see the same
        // positional words the unwrapping sees, and a pack's value_options for a wrapper also guide its unwrapping.
        options.add(ShellKnowledge.builtIn().wrapperValueOptions());
        for (String file : builtinFiles()) {
            load(file, tree(file));
        }
    }

    /**
     * The built-in packs as a {@link RuleSet} that loads a rule the first time a command names one of its tools
     * ({@link RulePackIndex}); every pack loaded now when the build's index cannot be used.
     */
    public static RuleSet builtinsOnDemand() {
        RuleSet lazy = RulePackIndex.builtins(ShellKnowledge.builtIn().wrapperValueOptions(), builtinFiles());
        if (lazy != null) {
            return lazy;
        }
        RulePackLoader loader = new RulePackLoader();
        loader.loadBuiltins();
        return loader.build();
    }

    /** The built-in packs' resource names, in packs.txt's (the load) order. */
    static List<String> builtinFiles() {
        List<String> files = new ArrayList<>();
        for (String line : readResource(BUILTIN_DIR + "packs.txt").split("\n")) {
            String name = line.trim();
            if (!name.isEmpty() && !name.startsWith("#")) {
                files.add(BUILTIN_DIR + name);
            }
        }
        return files;
    }

    /** A built-in pack's tree: the build's prepared form of its text, or the text parsed when that differs. */
    static Object tree(String file) {
        String text = readResource(file);
        // the build parsed this very text already (PreparedTables); the checks run on its tree alike
        Object prepared = PreparedTables.tree(file, text);
        return prepared != null ? prepared : parse(file, text);
    }

    /** An extra pack: a file path, or a classpath resource ({@code classpath:} prefix optional). */
    public void loadExtra(String location) {
        String resource = location.startsWith("classpath:") ? location.substring(10) : location;
        Path path = Path.of(location.startsWith("classpath:") ? "\0" : location.replace("\0", ""));
        String text;
        if (!location.startsWith("classpath:") && Files.isRegularFile(path)) {
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("rule pack " + location + " cannot be read: " + e.getMessage(), e);
            }
        } else {
            text = readResource(resource.startsWith("/") ? resource.substring(1) : resource);
        }
        load(location, parse(location, text));
    }

    static String readResource(String name) {
        try (InputStream in = RulePackLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("rule pack not found (no such file or classpath resource): " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("rule pack " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A pack's YAML text as the tree {@link #load(String, Object)} checks (also the build's {@link PreparedTables}). */
    public static Object parse(String location, String text) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(new InputStreamReader(
                new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("rule pack " + location + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    void load(String location, String text) {
        load(location, parse(location, text));
    }

    @SuppressWarnings("unchecked")
    void load(String location, Object root) {
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("rule pack " + location + " must be a YAML mapping with 'pack' and 'rules'");
        }
        for (Object key : map.keySet()) {
            if (!PACK_KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException("rule pack " + location + ": unknown key '" + key + "'");
            }
        }
        Object packName = map.get("pack");
        if (!(packName instanceof String pack) || pack.isBlank()) {
            throw new IllegalArgumentException("rule pack " + location + ": 'pack' (its name) is required");
        }
        Object opts = map.get("value_options");
        if (opts != null) {
            if (!(opts instanceof Map<?, ?> optMap)) {
                throw new IllegalArgumentException("rule pack " + location + ": value_options must map command -> list");
            }
            Map<String, Set<String>> parsed = new LinkedHashMap<>();
            optMap.forEach((k, v) -> parsed.put(String.valueOf(k).toLowerCase(java.util.Locale.ROOT),
                new HashSet<>(Condition.strings(v, location + ".value_options." + k))));
            options.add(parsed);
        }
        trusted.addAll(Condition.strings(map.get("trusted_generators"), location + ".trusted_generators"));
        Object list = map.get("rules");
        if (!(list instanceof List<?> ruleList)) {
            throw new IllegalArgumentException("rule pack " + location + ": 'rules' must be a list");
        }
        for (Object item : ruleList) {
            if (!(item instanceof Map<?, ?> ruleMap)) {
                throw new IllegalArgumentException("rule pack " + location + ": each rule must be a mapping");
            }
            rules.add(rule(pack, location, (Map<String, Object>) ruleMap));
        }
    }

    @SuppressWarnings("unchecked")
    Rule rule(String pack, String location, Map<String, Object> map) {
        Object idValue = map.get("id");
        String id = idValue == null ? null : String.valueOf(idValue);
        String where = "rule pack " + location + ", rule " + (id == null ? "(no id)" : id);
        for (String key : map.keySet()) {
            if (!RULE_KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
            }
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(where + ": 'id' must match " + ID.pattern());
        }
        if (!ids.add(id)) {
            throw new IllegalArgumentException(where + ": duplicate rule id");
        }
        String description = text(map.get("description"), where + ": 'description'");
        String severity = text(map.get("severity"), where + ": 'severity'");
        String verdict = text(map.get("verdict"), where + ": 'verdict'");
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException(where + ": severity must be one of " + SEVERITIES);
        }
        if (!VERDICTS.contains(verdict)) {
            throw new IllegalArgumentException(where + ": verdict must be one of " + VERDICTS);
        }
        if (!(map.get("match") instanceof Map<?, ?> match)) {
            throw new IllegalArgumentException(where + ": 'match' must be a mapping");
        }
        Condition condition = new Condition((Map<String, Object>) match, where + ".match");
        if (!(map.get("examples") instanceof Map<?, ?> examples)) {
            throw new IllegalArgumentException(where + ": 'examples' with 'match' and 'not_match' lists are required");
        }
        List<String> matchExamples = Condition.strings(examples.get("match"), where + ".examples.match");
        List<String> notMatchExamples = Condition.strings(examples.get("not_match"), where + ".examples.not_match");
        if (matchExamples.isEmpty() || notMatchExamples.isEmpty()) {
            throw new IllegalArgumentException(where + ": at least one 'match' and one 'not_match' example are required");
        }
        return new Rule(id, description, Severity.fromWire(severity), CommandVerdict.fromWire(verdict), pack, condition, matchExamples, notMatchExamples);
    }

    private static String text(Object value, String what) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return s;
    }
}
