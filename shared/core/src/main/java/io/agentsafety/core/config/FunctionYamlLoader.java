package io.agentsafety.core.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;

import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a function's configuration from {@code function/application.yml} (and {@code function/application-<env>.yml})
 * on the class path, the way Micronaut reads {@code application.yml}: same YAML parsing, same order against the
 * environment variables and system properties (they still win).
 *
 * <p>Why not the root {@code application.yml}: Micronaut 4.10's class path resource loader opens a zip file system of
 * the whole jar (its ~9,000-entry central directory read and indexed, then closed) only to check that the resource is
 * not a directory: 34–43 ms CPU on the main thread of a cold start, the first use of the zip file system code
 * (infra/local/COLD-START.md). This loader reads the entry through the class loader, i.e. the jar the JVM already has
 * open. A root {@code application.yml} (e.g. a test's {@code application-test.yml}) is still read by Micronaut's own
 * YAML loader, as before.
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
}
