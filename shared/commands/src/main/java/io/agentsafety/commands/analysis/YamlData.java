package io.agentsafety.commands.analysis;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Strict reading of the analysis' YAML tables: unknown keys and wrong types are load errors naming the place. */
final class YamlData {

    private YamlData() {
    }

    static Map<String, Object> resource(String name) {
        try (InputStream in = YamlData.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("analysis table not found on the classpath: " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Object prepared = PreparedTables.tree(name, text); // parsed at build time from this very text
            return prepared != null ? map(prepared, name, Set.of()) : parse(text, name);
        } catch (IOException e) {
            throw new IllegalStateException("analysis table " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> parse(String text, String name) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // a key given twice is a mistake, not an override
        try {
            return map(new Yaml(new SafeConstructor(options)).load(text), name, Set.of());
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalStateException("analysis table " + name + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** {@code value} as a mapping whose keys are all in {@code allowed} (empty: any key). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalStateException(where + " must be a mapping");
        }
        for (Object key : map.keySet()) {
            if (!allowed.isEmpty() && !allowed.contains(String.valueOf(key))) {
                throw new IllegalStateException(where + ": unknown key '" + key + "'");
            }
        }
        return (Map<String, Object>) map;
    }

    static List<Object> list(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalStateException(where + " must be a list");
        }
        return new ArrayList<>(list);
    }

    static List<String> strings(Object value, String where) {
        List<String> out = new ArrayList<>();
        for (Object item : list(value, where)) {
            if (!(item instanceof String s)) {
                throw new IllegalStateException(where + " must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    static String string(Object value, String where, boolean required) {
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new IllegalStateException(where + " must be a non-empty string");
        }
        return s;
    }
}
