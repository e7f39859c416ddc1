package io.agentsafety.redis;

import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.DefaultRedisConfiguration;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;

/**
 * The framework's {@code redis.*} configuration (uri, host, port, database, password, ssl, timeout...), bound by
 * the framework's own {@link AbstractRedisConfiguration}. It stands in for {@link DefaultRedisConfiguration}, which
 * {@link FrameworkDefaultsOff} turns off; {@link LazyRedisClientFactory} builds the client with the framework's code.
 */
@ConfigurationProperties("redis")
@Primary
@Requires(condition = RedisConfigured.class)
public class ServiceRedisConfiguration extends AbstractRedisConfiguration {

    /** A blank {@code REDIS_URI} (the template's when no endpoint is given) means "no URI": host and port apply. */
    @Override
    public void setUri(@Nullable URI uri) {
        if (uri != null && !uri.toString().isBlank()) {
            super.setUri(uri);
        }
    }
}
