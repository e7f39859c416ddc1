package io.agentsafety.redis;

import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.DefaultRedisConfiguration;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Primary;

/**
 * The framework's {@code redis.*} configuration (uri, host, port, database, password, ssl, timeout...), bound by
 * the framework's own {@link AbstractRedisConfiguration}. It stands in for {@link DefaultRedisConfiguration}, which
 * {@link FrameworkDefaultsOff} turns off; {@link LazyRedisClientFactory} builds the client with the framework's code.
 */
@ConfigurationProperties("redis")
@Primary
public class ServiceRedisConfiguration extends AbstractRedisConfiguration {
}
