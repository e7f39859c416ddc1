package io.agentsafety.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;

/**
 * The service's connector over the framework's client. The client is looked up on every (re)connect, never
 * held: after a checkpoint micronaut-crac destroys the client bean and the next lookup builds a fresh one. With
 * no {@code redis.*} configured at all there is no client: every call fails (503) and nothing is contacted —
 * the connector exists anyway, so beans that could use Redis can be created in any function.
 */
@Factory
class RedisConnectorFactory {

    @Singleton
    @Primary
    @Bean(preDestroy = "closeConnections")
    RedisConnector redisConnector(BeanProvider<RedisClient> standalone, BeanProvider<RedisClusterClient> cluster,
                                  BeanProvider<AbstractRedisConfiguration> config) {
        return new RedisConnector(() -> {
            if (cluster.isPresent()) {
                return RedisConnector.connect(cluster.get());
            }
            if (standalone.isPresent()) {
                return RedisConnector.connect(standalone.get(), RedisEndpointRules.endpoint(config.get()));
            }
            return CompletableFuture.<StatefulConnection<String, String>>failedFuture(
                new RedisConnectionException("no Redis is configured (REDIS_URI or REDIS_HOST)"));
        }, () -> { });
    }
}
