package io.agentsafety.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.micronaut.configuration.lettuce.AbstractRedisClientFactory;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.lettuce.core.codec.StringCodec;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The Redis client built by the framework's code ({@link AbstractRedisClientFactory}: {@code redis.*}, the
 * {@code ClientResources} mutators, the options listeners) but no connection bean: connections are opened on
 * first use by {@link RedisConnector}. In cluster mode ({@link ClusterMode}) a cluster client from the same
 * endpoint (the seed; the topology is discovered and refreshed).
 */
@Factory
@Requires(beans = ServiceRedisConfiguration.class)
public class LazyRedisClientFactory extends AbstractRedisClientFactory<String, String> {

    public LazyRedisClientFactory() {
        super(StringCodec.UTF8);
    }

    @Bean(preDestroy = "shutdown")
    @Singleton
    @Primary
    @Requires(condition = ClusterMode.Off.class)
    @Override
    public RedisClient redisClient(@Primary AbstractRedisConfiguration config, @Nullable @Primary ClientResources defaultClientResources,
                                   @Nullable List<ClientResourcesMutator> mutators) {
        // as the framework's method (resources with the mutators, the endpoint), with connections whose sync API is lazy
        return LazySyncRedisClient.of(resources(config, defaultClientResources, mutators),
            RedisEndpointRules.endpoint(config));
    }

    @Bean(preDestroy = "shutdown")
    @Singleton
    @Primary
    @Requires(condition = ClusterMode.class)
    public RedisClusterClient redisClusterClient(@Primary AbstractRedisConfiguration config,
                                                 @Nullable @Primary ClientResources defaultClientResources,
                                                 @Nullable List<ClientResourcesMutator> mutators) {
        return RedisClusterClient.create(resources(config, defaultClientResources, mutators), RedisEndpointRules.endpoint(config));
    }

    private static ClientResources resources(AbstractRedisConfiguration config, @Nullable ClientResources defaults,
                                             @Nullable List<ClientResourcesMutator> mutators) {
        ClientResources.Builder builder = defaults == null ? ClientResources.builder() : defaults.mutate();
        if (mutators != null) {
            mutators.forEach(m -> m.mutate(builder, config));
        }
        return builder.build();
    }
}
