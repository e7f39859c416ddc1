package io.agentsafety.redis;

import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The service's own Redis knobs, beside the framework's {@code redis.*}: the command timeout (also the connect
 * timeout) and cluster mode. The budget's historical names ({@code safety.budget.redis.command-timeout},
 * {@code safety.budget.redis.cluster}) keep working as fallbacks.
 */
@Singleton
public class RedisSettings {

    private final Duration commandTimeout;
    private final boolean cluster;

    @Inject
    public RedisSettings(PropertyResolver properties) {
        this(properties.getProperty("safety.redis.command-timeout", Duration.class)
                .or(() -> properties.getProperty("safety.budget.redis.command-timeout", Duration.class))
                .orElse(Duration.ofSeconds(2)),
            ClusterMode.on(properties));
    }

    RedisSettings(Duration commandTimeout, boolean cluster) {
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("safety.redis.command-timeout must be a positive duration");
        }
        this.commandTimeout = commandTimeout;
        this.cluster = cluster;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public boolean cluster() {
        return cluster;
    }
}
