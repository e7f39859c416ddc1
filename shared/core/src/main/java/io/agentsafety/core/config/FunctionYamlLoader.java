package io.agentsafety.core.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a function's configuration from {@code function/application.yml} (and {@code function/application-<env>.yml})
 * on the class path, the way Micronaut reads {@code application.yml}: the same property map, same order against the
 * environment variables and system properties (they still win).
 *
 * <p>Why not the root {@code application.yml}: Micronaut 4.10's class path resource loader opens a zip file system of
 * the whole jar (its ~9,000-entry central directory read and indexed, then closed) only to check that the resource is
 * not a directory: 34–43 ms CPU on the main thread of a cold start, the first use of the zip file system code
 * (infra/local/COLD-START.md). This loader reads the entry through the class loader, i.e. the jar the JVM already has
 * open. A root {@code application.yml} (e.g. a test's {@code application-test.yml}) is still read by Micronaut's own
 * YAML loader, as before.
 *
 * <p>Why not SnakeYAML: Micronaut's YAML loader builds a SnakeYAML parser for the few lines of a function's
 * configuration, ~150 classes loaded and run once on every cold start. {@link PlainYaml} reads the plain YAML these
 * files are written in to the same maps and values; a file using anything else is read by Micronaut's SnakeYAML path,
 * so the property map never differs ({@code FunctionYamlLoaderTest} compares both on every configuration file of the
 * repository).
 */
public final class FunctionYamlLoader extends YamlPropertySourceLoader {

    /** Where a function keeps its configuration on the class path. */
    public static final String DIRECTORY = "function/";

    @Override
    protected Optional<InputStream> readInput(ResourceLoader resourceLoader, String fileName) {
        // Micronaut passes the environment itself for its "classpath:/" location; other locations ("file:config/",
        // "classpath:x/") are read by its own loaders, and reading the class path here too would load it twice
        if (!(resourceLoader instanceof Environment environment) || fileName.indexOf('/') >= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(environment.getClassLoader().getResourceAsStream(DIRECTORY + fileName));
    }

    @Override
    protected void processInput(String name, InputStream input, Map<String, Object> finalMap) {
        byte[] bytes;
        try {
            bytes = input.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
        Object root;
        try {
            root = PlainYaml.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (RuntimeException | CharacterCodingException e) {
            // outside the plain subset (PlainYaml.Unsupported), not UTF-8, or not YAML at all: SnakeYAML reads it, or
            // reports the error the way Micronaut always has
            super.processInput(name, new ByteArrayInputStream(bytes), finalMap);
            return;
        }
        // as Micronaut: a document that is not a mapping holds no properties
        if (root instanceof Map<?, ?> map) {
            processMap(finalMap, map, "");
        }
    }
}
