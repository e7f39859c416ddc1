package io.agentsafety.commands.rules;

import io.agentsafety.commands.analysis.Knowledge;
import io.agentsafety.commands.analysis.ResolvedCommand;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * All rules, indexed by command name, plus the pack-level knowledge the interpreter uses. Built either with every
 * rule loaded, or from the build's {@link RulePackIndex} with only the rules that can match any command loaded: a
 * rule that names commands is then loaded (thread-safe, once) the first time one of its commands is matched, and
 * {@link #loadEveryRule()} loads the rest (before a snapshot, or for {@link #rules()}). The positions of the rules
 * come from the same {@link RulePositions} either way, so both find the same rules in the same order.
 */
public final class RuleSet implements Knowledge {

    /** Loads the rules at the given positions (each position's rule, in the load order of the built-in packs). */
    interface RuleSource {
        Map<Integer, Rule> load(List<Integer> positions);
    }

    private final AtomicReferenceArray<Rule> rules;
    private final RulePositions positions;
    private final RuleSource source;
    private final Map<String, Set<String>> valueOptions;
    private final List<List<String>> trustedGenerators;

    RuleSet(List<Rule> rules, Map<String, Set<String>> valueOptions, List<String> trustedGenerators) {
        this(new AtomicReferenceArray<>(rules.toArray(new Rule[0])),
            RulePositions.of(rules.stream().map(Rule::commands).toList()), null, valueOptions, trustedGenerators);
    }

    /** A rule set of {@code size} rules of which only the unindexed ones are loaded now, the others from {@code source}. */
    RuleSet(int size, RulePositions positions, RuleSource source, Map<String, Set<String>> valueOptions,
            List<String> trustedGenerators) {
        this(new AtomicReferenceArray<>(size), positions, source, valueOptions, trustedGenerators);
        ensureLoaded(positions.unindexed());
    }

    private RuleSet(AtomicReferenceArray<Rule> rules, RulePositions positions, RuleSource source,
                    Map<String, Set<String>> valueOptions, List<String> trustedGenerators) {
        this.rules = rules;
        this.positions = positions;
        this.source = source;
        this.valueOptions = valueOptions;
        this.trustedGenerators = trustedGenerators.stream()
            .map(t -> List.of(t.toLowerCase(Locale.ROOT).trim().split("\\s+"))).toList();
    }

    /** Every rule, in load order (loads those not loaded yet). */
    public List<Rule> rules() {
        loadEveryRule();
        List<Rule> all = new ArrayList<>(rules.length());
        for (int i = 0; i < rules.length(); i++) {
            all.add(rules.get(i));
        }
        return List.copyOf(all);
    }

    /** Loads every rule not loaded yet (a snapshot then holds them all; a later command loads nothing). */
    public void loadEveryRule() {
        int[] all = new int[rules.length()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        ensureLoaded(all);
    }

    /** How many rules are loaded now (all of them unless built from the index). */
    public int loadedRuleCount() {
        int loaded = 0;
        for (int i = 0; i < rules.length(); i++) {
            loaded += rules.get(i) == null ? 0 : 1;
        }
        return loaded;
    }

    private void ensureLoaded(int[] wanted) {
        for (int position : wanted) {
            if (rules.get(position) == null) {
                loadMissing(wanted);
                return;
            }
        }
    }

    private synchronized void loadMissing(int[] wanted) {
        List<Integer> missing = new ArrayList<>();
        for (int position : wanted) {
            if (rules.get(position) == null) {
                missing.add(position);
            }
        }
        if (missing.isEmpty()) {
            return; // another thread loaded them
        }
        Map<Integer, Rule> loaded = source.load(missing);
        for (int position : missing) {
            Rule rule = loaded.get(position);
            if (rule == null) {
                throw new IllegalStateException("rule " + position + " of the built-in packs could not be loaded");
            }
            rules.set(position, rule);
        }
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
        int[] named = positions.named(name);
        ensureLoaded(named);
        for (int position : named) {
            Rule rule = rules.get(position);
            if (rule.matchesNamed(subject)) { // indexed under this exact name: its name test holds
                out.add(rule);
            }
        }
        for (int position : positions.unindexed()) {
            Rule rule = rules.get(position);
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
        if (slash < 0 || slash == name.length() - 1 || positions.byCommand().containsKey(name)) {
            return null;
        }
        String base = name.substring(slash + 1);
        return positions.commandNames().contains(base) ? base : null;
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
        return positions.commandNames();
    }

    static Map<String, Set<String>> mergeOptions(List<Map<String, Set<String>>> maps) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Map<String, Set<String>> map : maps) {
            map.forEach((k, v) -> out.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
        }
        return out;
    }
}
