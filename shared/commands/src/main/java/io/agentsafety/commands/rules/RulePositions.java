package io.agentsafety.commands.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rules (by their position in the load order) can match which command name: a rule is found under each exact
 * name of its {@code command} list; a rule with no name or a {@code name*} prefix can match any command
 * ({@code unindexed}). Built from the loaded rules, or at start from {@link RulePackIndex} before any rule is loaded,
 * the same way, so a lazily loaded rule set finds exactly the rules an eager one does.
 */
record RulePositions(Map<String, int[]> byCommand, int[] unindexed, Set<String> commandNames) {

    static final int[] NONE = new int[0];

    /** {@code commandsByRule.get(i)}: the i-th rule's lower-cased {@code command} entries, as {@link Rule#commands()}. */
    static RulePositions of(List<List<String>> commandsByRule) {
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        List<Integer> unindexed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int position = 0; position < commandsByRule.size(); position++) {
            List<String> commands = commandsByRule.get(position);
            if (commands.isEmpty() || commands.stream().anyMatch(c -> c.endsWith("*"))) {
                unindexed.add(position);
            }
            for (String command : commands) {
                if (!command.endsWith("*")) {
                    List<Integer> list = byName.computeIfAbsent(command, k -> new ArrayList<>());
                    if (list.isEmpty() || list.get(list.size() - 1) != position) { // a name listed twice in one rule
                        list.add(position);
                    }
                    if (!command.startsWith("@")) {
                        names.add(command);
                    }
                }
            }
        }
        Map<String, int[]> byCommand = new HashMap<>();
        byName.forEach((name, list) -> byCommand.put(name, list.stream().mapToInt(Integer::intValue).toArray()));
        return new RulePositions(byCommand, unindexed.stream().mapToInt(Integer::intValue).toArray(), Set.copyOf(names));
    }

    int[] named(String command) {
        return byCommand.getOrDefault(command, NONE);
    }
}
