package io.agentsafety.client;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * For Micronaut applications: a {@link SafetyClient} bean configured under {@code safety.client}
 * ({@code url} — or the {@code API_URL} environment variable —, {@code connect-timeout}, {@code read-timeout},
 * {@code max-attempts}, {@code initial-backoff}, {@code max-backoff}).
 */
@Factory
public class SafetyClientFactory {

    /** {@code safety.client.*}. */
    @ConfigurationProperties("safety.client")
    public record Settings(@Nullable String url, @Nullable Duration connectTimeout, @Nullable Duration readTimeout,
                           @Nullable Integer maxAttempts, @Nullable Duration initialBackoff, @Nullable Duration maxBackoff) {
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(condition = BaseUrlConfigured.class)
    SafetyClient safetyClient(Settings settings) {
        SafetyClient.Builder builder = SafetyClient.builder();
        if (settings.url() != null) {
            builder.baseUrl(settings.url());
        }
        if (settings.connectTimeout() != null) {
            builder.connectTimeout(settings.connectTimeout());
        }
        if (settings.readTimeout() != null) {
            builder.readTimeout(settings.readTimeout());
        }
        RetryPolicy d = RetryPolicy.DEFAULT;
        builder.retry(new RetryPolicy(settings.maxAttempts() == null ? d.maxAttempts() : settings.maxAttempts(),
            settings.initialBackoff() == null ? d.initialBackoff() : settings.initialBackoff(),
            settings.maxBackoff() == null ? d.maxBackoff() : settings.maxBackoff()));
        return builder.build();
    }
}
