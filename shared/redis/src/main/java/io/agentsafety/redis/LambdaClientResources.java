package io.agentsafety.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Client resources for a Lambda-sized instance, through the framework's {@link ClientResourcesMutator} hook:
 * two I/O and two computation threads unless {@code redis.io-thread-pool-size}/{@code computation-thread-pool-size}
 * say otherwise,
 * and a short capped reconnect backoff (20 ms doubling to 1 s) so a Redis that returns is used again quickly.
 */
@Singleton
public class LambdaClientResources implements ClientResourcesMutator {

    static final int THREADS = 2;

    @Override
    public void mutate(ClientResources.Builder builder, AbstractRedisConfiguration config) {
        builder.ioThreadPoolSize(config.getIoThreadPoolSize() == null ? THREADS : config.getIoThreadPoolSize())
            .computationThreadPoolSize(config.getComputationThreadPoolSize() == null ? THREADS : config.getComputationThreadPoolSize())
            .reconnectDelay(reconnectDelay());
    }

    public static Delay reconnectDelay() {
        return Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);
    }
}
