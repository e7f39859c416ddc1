package io.agentsafety.commands.rules;

import io.agentsafety.commands.analysis.Knowledge;
import io.agentsafety.commands.analysis.ResolvedCommand;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** All loaded rules, indexed by command name, plus the pack-level knowledge the interpreter uses. */
public final class RuleSet implements Knowledge {

    private final List<Rule> rules;
    private final Map<String, List<Rule>> byCommand = new HashMap<>();
    private final List<Rule> unindexed = new ArrayList<>();
    private final Map<String, Set<String>> valueOptions;
    private final List<List<String>> trustedGenerators;
    private final Set<String> commandNames = new HashSet<>();

    RuleSet(List<Rule> rules, Map<String, Set<String>> valueOptions, List<String> trustedGenerators) {
        this.rules = List.copyOf(rules);
        this.valueOptions = valueOptions;
        this.trustedGenerators = trustedGenerators.stream()
            .map(t -> List.of(t.toLowerCase(Locale.ROOT).trim().split("\\s+"))).toList();
        for (Rule rule : rules) {
            List<String> commands = rule.commands();
            if (commands.isEmpty() || commands.stream().anyMatch(c -> c.endsWith("*"))) {
                unindexed.add(rule);
            }
            for (String command : commands) {
                if (!command.endsWith("*")) {
                    byCommand.computeIfAbsent(command, k -> new ArrayList<>()).add(rule);
                    if (!command.startsWith("@")) {
                        commandNames.add(command);
                    }
                }
            }
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Rules matching the command (enabled or not: the caller filters). */
    public List<Rule> matching(ResolvedCommand command) {
        String name = command.name().toLowerCase(Locale.ROOT);
        String known = packedToolByRelativePath(name);
        if (known != null) {
            name = known;
            command = new ResolvedCommand(known, command.args(), command.writes(), command.stdin(), command.cwd(),
                command.appends(), command.workspace());
        }
        Subject subject = new Subject(command, valueOptions(name));
        List<Rule> out = new ArrayList<>(2);
        List<Rule> named = byCommand.getOrDefault(name, List.of());
        for (int i = 0; i < named.size(); i++) {
            Rule rule = named.get(i);
            if (rule.matchesNamed(subject)) { // indexed under this exact name: its name test holds
                out.add(rule);
            }
        }
        for (int i = 0; i < unindexed.size(); i++) {
            Rule rule = unindexed.get(i);
            if (!out.contains(rule) && rule.matches(subject)) {
                out.add(rule);
            }
        }
        return out;
    }

    /**
     * A tool run from a relative path ({@code bin/kafka-topics.sh}, {@code ./node_modules/.bin/prisma}, {@code
     * vendor/bin/drush}) is the tool its base name says when a pack names that tool (an unpacked distribution or a
     * project's local install); the base name of any other relative path is a project's own script and stays as
     * written. Null when the name is not such a path or its base name is no pack's.
     */
    private String packedToolByRelativePath(String name) {
        int slash = name.lastIndexOf('/');
        if (slash < 0 || slash == name.length() - 1 || byCommand.containsKey(name)) {
            return null;
        }
        String base = name.substring(slash + 1);
        return commandNames.contains(base) ? base : null;
    }

    @Override
    public Set<String> valueOptions(String command) {
        return valueOptions.getOrDefault(command.toLowerCase(Locale.ROOT), Set.of());
    }

    @Override
    public boolean trustedGenerator(String evidence) {
        if (evidence == null) {
            return false;
        }
        List<String> words = List.of(evidence.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        for (List<String> trusted : trustedGenerators) {
            if (words.size() >= trusted.size() && words.subList(0, trusted.size()).equals(trusted)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<String> commandNames() {
        return commandNames;
    }

    static Map<String, Set<String>> mergeOptions(List<Map<String, Set<String>>> maps) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Map<String, Set<String>> map : maps) {
            map.forEach((k, v) -> out.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
        }
        return out;
    }
}
