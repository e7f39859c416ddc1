package io.agentsafety.redis;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.env.PropertySource;

import java.util.Map;

/**
 * Turns the framework's default Redis configuration off ({@code redis.enabled=false}, the lowest-priority
 * property source), and with it {@code DefaultRedisClientFactory}, whose singleton connections a Lambda context
 * (eager singletons) would open while the function starts. {@link ServiceRedisConfiguration} binds the same
 * {@code redis.*} keys instead, and {@link LazyRedisClientFactory} builds the client without connecting.
 * ({@code @Replaces} cannot do this: eager initialisation creates replaced factory beans all the same.)
 */
public final class FrameworkDefaultsOff implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        builder.propertySources(PropertySource.of("safety-redis-defaults", Map.of("redis.enabled", false), Integer.MIN_VALUE + 1));
    }
}
