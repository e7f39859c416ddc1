package io.agentsafety.commands.rules;

import io.agentsafety.commands.analysis.PreparedTables;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tool-name index of the built-in rule packs, written at build time into the prepared form ({@link
 * PreparedTables}): for each pack, the length and CRC-32 of its YAML text, each rule's {@code command} names, and the
 * pack-level data the interpreter needs before any rule runs ({@code value_options}, {@code trusted_generators}).
 * At start it gives a {@link RuleSet} holding only the rules that can match any command; the others are loaded from
 * their pack the first time a command names one of their tools (issue 17: the packs cost ~60 ms of CPU per start).
 *
 * <p>Fails closed to loading everything: when the index is absent, damaged, or was made from other pack texts than
 * those on the class path (a pack edited, added or removed), {@link #builtins} answers null and the caller loads
 * every pack; a rule loaded later whose names differ from the index's fails its analysis ("unresolved").
 */
public final class RulePackIndex {

    public static final String RESOURCE = RulePackLoader.BUILTIN_DIR + "pack-index";

    private RulePackIndex() {
    }

    /** Build step: the index document of the built-in packs (file → YAML text, in packs.txt's order). */
    public static Map<String, Object> document(Map<String, String> packTexts) {
        List<Object> packs = new ArrayList<>();
        RulePackLoader all = new RulePackLoader(); // the whole set once, so duplicate ids across packs fail the build
        for (Map.Entry<String, String> pack : packTexts.entrySet()) {
            Object tree = RulePackLoader.parse(pack.getKey(), pack.getValue());
            all.load(pack.getKey(), tree);
            RulePackLoader one = new RulePackLoader();
            one.load(pack.getKey(), tree); // load only reads the tree
            Map<String, Object> entry = new LinkedHashMap<>();
            byte[] utf8 = pack.getValue().getBytes(StandardCharsets.UTF_8);
            entry.put("file", pack.getKey());
            entry.put("length", utf8.length);
            entry.put("crc", PreparedTables.crc(utf8));
            entry.put("rules", one.rules().stream().map(r -> (Object) List.copyOf(r.commands())).toList());
            Map<String, Object> options = new LinkedHashMap<>();
            one.options().forEach(map -> map.forEach((command, names) -> options.put(command, List.copyOf(new TreeSet<>(names)))));
            entry.put("value_options", options);
            entry.put("trusted_generators", List.copyOf(one.trusted()));
            packs.add(entry);
        }
        return Map.of("packs", packs);
    }

    /**
     * The built-in packs with only their tool-independent rules loaded, or null when the index cannot be used (the
     * caller then loads every pack). {@code wrapperOptions}: the wrappers' value options, merged first as the eager
     * load does.
     */
    @SuppressWarnings("unchecked")
    static RuleSet builtins(Map<String, Set<String>> wrapperOptions, List<String> packFiles) {
        try {
            if (!(PreparedTables.document(RESOURCE) instanceof Map<?, ?> root)
                || !(root.get("packs") instanceof List<?> packs) || packs.size() != packFiles.size()) {
                return null;
            }
            List<List<String>> commandsByRule = new ArrayList<>();
            List<Location> locations = new ArrayList<>();
            List<Map<String, Set<String>>> options = new ArrayList<>();
            options.add(wrapperOptions);
            List<String> trusted = new ArrayList<>();
            for (int p = 0; p < packs.size(); p++) {
                Map<String, Object> pack = (Map<String, Object>) packs.get(p);
                String file = packFiles.get(p);
                byte[] utf8 = RulePackLoader.readResource(file).getBytes(StandardCharsets.UTF_8);
                if (!file.equals(pack.get("file")) || !Integer.valueOf(utf8.length).equals(pack.get("length"))
                    || !Long.valueOf(PreparedTables.crc(utf8)).equals(pack.get("crc"))) {
                    return null; // made from another text: load the packs themselves
                }
                List<Object> rules = (List<Object>) pack.get("rules");
                for (int r = 0; r < rules.size(); r++) {
                    commandsByRule.add(strings(rules.get(r)));
                    locations.add(new Location(file, r));
                }
                Map<String, Object> packOptions = (Map<String, Object>) pack.get("value_options");
                if (!packOptions.isEmpty()) {
                    Map<String, Set<String>> parsed = new LinkedHashMap<>();
                    packOptions.forEach((command, names) -> parsed.put(command, new java.util.HashSet<>(strings(names))));
                    options.add(parsed);
                }
                trusted.addAll(strings(pack.get("trusted_generators")));
            }
            RulePositions positions = RulePositions.of(commandsByRule);
            return new RuleSet(locations.size(), positions, wanted -> load(wanted, locations, commandsByRule),
                RuleSet.mergeOptions(options), trusted);
        } catch (ClassCastException | NullPointerException e) {
            return null; // a damaged index: load the packs themselves
        }
    }

    /** A rule's place: its pack's file and its index in the pack's {@code rules} list. */
    private record Location(String file, int index) {
    }

    /** Loads the rules at these positions, each pack's tree read once; a rule whose names differ from the index's fails. */
    @SuppressWarnings("unchecked")
    private static Map<Integer, Rule> load(List<Integer> positions, List<Location> locations, List<List<String>> indexed) {
        Map<String, List<Object>> packRules = new HashMap<>();
        Map<String, String> packNames = new HashMap<>();
        Map<Integer, Rule> out = new HashMap<>();
        for (int position : positions) {
            Location at = locations.get(position);
            List<Object> rules = packRules.computeIfAbsent(at.file(), file -> {
                Map<String, Object> tree = (Map<String, Object>) RulePackLoader.tree(file);
                packNames.put(file, (String) tree.get("pack"));
                return (List<Object>) tree.get("rules");
            });
            Rule rule = new RulePackLoader().rule(packNames.get(at.file()), at.file(), (Map<String, Object>) rules.get(at.index()));
            if (!rule.commands().equals(indexed.get(position))) {
                throw new IllegalStateException("rule " + rule.id() + " of " + at.file() + " is not the indexed rule");
            }
            out.put(position, rule);
        }
        return out;
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(o -> (String) o).toList();
    }
}
