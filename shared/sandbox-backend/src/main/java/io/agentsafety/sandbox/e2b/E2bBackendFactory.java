package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxBackend;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The E2B backend bean, only when an E2B API key is configured: the environment variable
 * {@code E2B_API_KEY} is the property {@code e2b.api-key} in Micronaut's naming, so the SDK's variable works
 * unchanged (as do {@code E2B_DOMAIN}, {@code E2B_API_URL}, {@code E2B_SANDBOX_URL} → {@code e2b.domain},
 * {@code e2b.api-url}, {@code e2b.sandbox-url}). Without a key, or with a blank one, the local backend
 * ({@code @Requires(condition = E2bApiKey.Absent.class)}) is the one.
 */
@Factory
@Requires(condition = E2bApiKey.Present.class)
public class E2bBackendFactory {

    public static final String API_KEY = E2bApiKey.PROPERTY;

    @Singleton
    @Bean(preDestroy = "close")
    public E2bBackend e2bBackend(Environment environment) {
        E2bConfig config = new E2bConfig(
            environment.getProperty(API_KEY, String.class).orElse(null),
            environment.getProperty("e2b.domain", String.class).orElse(null),
            environment.getProperty("e2b.api-url", String.class).orElse(null),
            environment.getProperty("e2b.sandbox-url", String.class).orElse(null),
            environment.getProperty("e2b.request-timeout", Duration.class).orElse(null),
            environment.getProperty("e2b.max-retries", Integer.class).orElse(E2bConfig.DEFAULT_MAX_RETRIES),
            environment.getProperty("e2b.deadline-margin", Duration.class).orElse(null),
            environment.getProperty("e2b.max-upload-bytes", Long.class).orElse(0L),
            environment.getProperty("e2b.default-template", String.class).orElse(null));
        return new E2bBackend(config);
    }
}
