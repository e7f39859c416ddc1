package io.agentsafety.commands.rules;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every argument regex (`re:` and `from:` values) of the built-in rule packs, for tests of the matcher's shortcuts. */
final class BuiltInPackRegexes {

    private BuiltInPackRegexes() {
    }

    static List<String> all() {
        List<String> regexes = new ArrayList<>();
        for (String pack : resource(RulePackLoader.BUILTIN_DIR + "packs.txt").split("\n")) {
            if (!pack.isBlank() && !pack.startsWith("#")) {
                collect(new Yaml().load(resource(RulePackLoader.BUILTIN_DIR + pack.trim())), regexes);
            }
        }
        return regexes;
    }

    private static void collect(Object yaml, List<String> out) {
        if (yaml instanceof String s && (s.startsWith("re:") || s.startsWith("from:"))) {
            out.add(s.substring(s.indexOf(':') + 1));
        } else if (yaml instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, out));
        } else if (yaml instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        }
    }

    private static String resource(String name) {
        try (InputStream in = BuiltInPackRegexes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
