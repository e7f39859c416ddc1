package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxBackend;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class E2bConfigTest {

    private static final String KEY = "e2b_abcdef0123456789secret";

    @Test
    void defaultsAreTheSdks() {
        E2bConfig config = E2bConfig.fromEnvironment(Map.of("E2B_API_KEY", KEY));
        assertEquals("https://api.e2b.app", config.controlPlaneUrl());
        assertEquals("https://49983-iabc.e2b.app", config.envdUrl("iabc", null));
        assertEquals("https://49983-iabc.eu.example", config.envdUrl("iabc", "eu.example"));
        assertEquals(Duration.ofSeconds(60), config.requestTimeout());
        assertEquals(3, config.maxRetries());
        assertEquals("base", config.defaultTemplate());
    }

    @Test
    void environmentOverridesAsTheSdkDoes() {
        E2bConfig config = E2bConfig.fromEnvironment(Map.of("E2B_API_KEY", KEY, "E2B_DOMAIN", "e2b.dev",
            "E2B_SANDBOX_URL", "http://127.0.0.1:9999/", "E2B_API_URL", ""));
        assertEquals("https://api.e2b.dev", config.controlPlaneUrl());
        assertEquals("http://127.0.0.1:9999", config.envdUrl("iabc", null), "E2B_SANDBOX_URL replaces every envd base URL");
        E2bConfig api = E2bConfig.fromEnvironment(Map.of("E2B_API_KEY", KEY, "E2B_API_URL", "http://localhost:3000"));
        assertEquals("http://localhost:3000", api.controlPlaneUrl());
        assertNull(api.sandboxUrl());
    }

    @Test
    void badConfigurationFailsWithoutShowingTheKey() {
        assertThrows(IllegalArgumentException.class, () -> E2bConfig.fromEnvironment(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> E2bConfig.fromEnvironment(Map.of("E2B_API_KEY", " ")));
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
            () -> E2bConfig.fromEnvironment(Map.of("E2B_API_KEY", KEY, "E2B_API_URL", "ftp://x")));
        assertFalse(url.getMessage().contains(KEY));
        assertThrows(IllegalArgumentException.class,
            () -> E2bConfig.fromEnvironment(Map.of("E2B_API_KEY", KEY, "E2B_API_URL", "https://user:pw@api.e2b.app")));
        String shown = E2bConfig.fromEnvironment(Map.of("E2B_API_KEY", KEY)).toString();
        assertFalse(shown.contains(KEY) || shown.contains("secret"), shown);
    }

    @Test
    void theBackendBeanExistsOnlyWhenTheEnvironmentVariableGivesAKey() {
        try (ApplicationContext context = ApplicationContext.builder()
            .propertySources(PropertySource.of("env", Map.of("E2B_API_KEY", KEY, "E2B_DOMAIN", "e2b.dev",
                "E2B_SANDBOX_URL", "http://127.0.0.1:1"), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
            .start()) {
            SandboxBackend backend = context.getBean(SandboxBackend.class);
            E2bBackend e2b = assertInstanceOf(E2bBackend.class, backend);
            assertEquals("e2b", backend.name());
            assertEquals(KEY, e2b.config().apiKey());
            assertEquals("https://api.e2b.dev", e2b.config().controlPlaneUrl());
            assertEquals("http://127.0.0.1:1", e2b.config().sandboxUrl());
        }
        try (ApplicationContext context = ApplicationContext.builder().start()) {
            assertTrue(context.findBean(E2bBackend.class).isEmpty());
            assertFalse(E2bApiKey.configured(context.getEnvironment()));
        }
        try (ApplicationContext context = ApplicationContext.builder()
            .propertySources(PropertySource.of("env", Map.of("E2B_API_KEY", " "), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
            .start()) {
            assertTrue(context.findBean(E2bBackend.class).isEmpty(), "a blank key (an empty template default) is no key");
            assertFalse(E2bApiKey.configured(context.getEnvironment()));
        }
    }
}
