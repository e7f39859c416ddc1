package io.agentsafety.core.config;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.scan.ClassPathResourceLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** src/test/resources/function/application.yml stands for a function's configuration. */
class FunctionYamlLoaderTest {

    private static final String KEY = "function-yaml-test.value";

    @Test
    void readsTheFunctionsConfigurationFromTheClassPath() {
        try (Environment environment = start()) {
            assertEquals("from function/application.yml", environment.getProperty(KEY, String.class).orElse(null));
            assertEquals(List.of("a", "b"), environment.getProperty("function-yaml-test.list", List.class).orElse(null));
        }
    }

    @Test
    void systemPropertiesAndTheEnvironmentStillWin() {
        System.setProperty(KEY, "from a system property");
        try (Environment environment = start()) {
            assertEquals("from a system property", environment.getProperty(KEY, String.class).orElse(null));
        } finally {
            System.clearProperty(KEY);
        }
    }

    @Test
    void readsOnlyForMicronautsClassPathRoot() {
        FunctionYamlLoader loader = new FunctionYamlLoader();
        ClassPathResourceLoader other = ClassPathResourceLoader.defaultLoader(FunctionYamlLoaderTest.class.getClassLoader());
        // "file:config/" or "classpath:x/": Micronaut's own loaders read those, nothing twice
        assertTrue(loader.load("application", other).isEmpty());
        try (Environment environment = start()) {
            assertTrue(loader.load("application", environment).isPresent());
            assertTrue(loader.load("../application", environment).isEmpty());
            assertTrue(loader.load("missing", environment).isEmpty());
        }
    }

    /** The property maps of Micronaut's own (SnakeYAML) loader and this one, compared with their value types. */
    private static void assertReadAlike(byte[] yaml, String where) throws IOException {
        Map<String, Object> micronaut = new YamlPropertySourceLoader().read("application", new ByteArrayInputStream(yaml));
        Map<String, Object> ours = new FunctionYamlLoader().read("application", new ByteArrayInputStream(yaml));
        assertEquals(micronaut, ours, where);
        assertEquals(List.copyOf(micronaut.keySet()), List.copyOf(ours.keySet()), where + ": key order");
        for (String key : micronaut.keySet()) {
            assertEquals(typeTree(micronaut.get(key)), typeTree(ours.get(key)), where + ": types of " + key);
        }
    }

    /** The value's classes, nested as the value is (Integer 1 and Long 1 differ; so do a list and a set). */
    private static Object typeTree(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Object> out = new ArrayList<>();
            map.forEach((k, v) -> out.add(List.of(typeTree(k), typeTree(v))));
            return out;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(v -> out.add(typeTree(v)));
            return out;
        }
        return value == null ? "null" : value.getClass().getName();
    }

    /** Every function's configuration and test configuration (functions/, infra/): the same property map. */
    @Test
    void everyConfigurationFileOfTheRepositoryYieldsMicronautsPropertyMap() throws IOException {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        for (String top : List.of("functions", "infra")) {
            try (Stream<Path> walk = Files.walk(root.resolve(top))) {
                walk.filter(p -> p.getFileName().toString().matches("application.*\\.ya?ml"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .forEach(files::add);
            }
        }
        int functionFiles = 0;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            assertReadAlike(bytes, f.toString());
            if (f.getParent().getFileName().toString().equals("function")) {
                // the start-up saving: a function's own configuration stays inside the plain subset
                assertDoesNotThrow(() -> PlainYaml.parse(new String(bytes, StandardCharsets.UTF_8)), f + " left PlainYaml's subset");
                functionFiles++;
            }
        }
        assertTrue(functionFiles >= 20, "function configurations found: " + functionFiles + " of " + files.size());
    }

    /** What Micronaut makes of YAML's forms: flattened keys, lists (of maps too), types, placeholders left as text. */
    @Test
    void edgeCasesYieldMicronautsPropertyMap() throws IOException {
        List<String> docs = List.of(
            "micronaut:\n  application:\n    name: x # a comment\n# a line comment\nredis:\n  host: 127.0.0.1\n",
            "a:\n  list:\n  - one\n  - 'two'\n  - \"three\"\n  flow: [1, 2.5, true, off, ~, word]\n",
            "a:\n  maps:\n    - name: first\n      port: 6379\n    - name: second\n      nested: {x: 1, y: [p, q]}\n",
            "n:\n  int: 42\n  long: 3000000000\n  double: 0.25\n  zero: 0\n  yes: yes\n  no: No\n  on: ON\n  t: True\n",
            "s:\n  quoted-number: '42'\n  quoted-bool: \"true\"\n  empty: ''\n  null-value:\n  tilde: ~\n  url: https://x.org/a#b\n",
            "p:\n  uri: ${REDIS_URI:redis://localhost:6379}\n  plain: ${HOST}\n  quoted: \"${PORT:6379}\"\n  nested: ${A:${B:c}}\n",
            "dotted.key:\n  inner.key: v\nx:\n  y: 1\nx.y: 2\n",
            "1: numeric key\ntrue: boolean key\nk:\n  2: v\n",
            "dup: 1\nother: 2\ndup: 3\n",
            "- a list\n- at the root\n", "just a scalar\n", "", "# only a comment\n",
            // outside the plain subset: Micronaut's SnakeYAML path reads them
            "---\na: 1\n---\nb: 2\n", "a: |\n  block\n  text\n", "base: &b {x: 1}\nuse: *b\n", "t: 2001-12-14\n",
            "neg: -1\noct: 012\n", "\uFEFFbom: 1\n", "tab: x\ty\n", "crlf: 1\r\nnext: 2\r\n");
        for (String doc : docs) {
            assertReadAlike(doc.getBytes(StandardCharsets.UTF_8), doc);
        }
        // not UTF-8: decoded (or refused) by SnakeYAML as before
        byte[] latin1 = "a: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(runQuietly(() -> new YamlPropertySourceLoader().read("application", new ByteArrayInputStream(latin1))),
            runQuietly(() -> new FunctionYamlLoader().read("application", new ByteArrayInputStream(latin1))));
    }

    @Test
    void invalidYamlFailsAsMicronautFails() {
        for (String doc : List.of("a: [unclosed\n", "a: 'unclosed\n", "a: b: c\n", "a:\n  b: 1\n c: 2\n", "tab:\tx\n")) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            String micronaut = runQuietly(() -> new YamlPropertySourceLoader().read("application", new ByteArrayInputStream(bytes)));
            String ours = runQuietly(() -> new FunctionYamlLoader().read("application", new ByteArrayInputStream(bytes)));
            assertTrue(micronaut.startsWith("threw "), doc + ": " + micronaut);
            assertEquals(micronaut, ours, doc);
        }
    }

    /** The result, or the exception's type and message. */
    private static String runQuietly(java.util.concurrent.Callable<?> read) {
        try {
            return "read " + read.call();
        } catch (Exception e) {
            return "threw " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static Environment start() {
        return new DefaultEnvironment(() -> List.of("test")).start();
    }
}
