package io.agentsafety.core.config;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.core.io.scan.ClassPathResourceLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    private static Environment start() {
        return new DefaultEnvironment(() -> List.of("test")).start();
    }
}
