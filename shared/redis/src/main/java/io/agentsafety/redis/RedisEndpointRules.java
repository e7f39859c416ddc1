package io.agentsafety.redis;

import io.lettuce.core.RedisURI;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The service's endpoint rules on top of the framework's {@code redis.*} binding (so {@code REDIS_URI},
 * {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_PASSWORD} bind as the framework binds them):
 * <ul>
 *   <li>{@code redis.uri} must be {@code redis://} or {@code rediss://} (no other scheme, never repeated in a message);</li>
 *   <li>a credential-free URI takes {@code redis.password} (the template's shape: {@code rediss://host:port}, the AUTH
 *       token from Secrets Manager);</li>
 *   <li>without a URI, {@code REDIS_DB} ({@code redis.db}) selects the database and the host defaults to 127.0.0.1;</li>
 *   <li>the command timeout of {@link RedisSettings} is the URI's timeout.</li>
 * </ul>
 */
@Singleton
public class RedisEndpointRules implements BeanCreatedEventListener<AbstractRedisConfiguration> {

    private final RedisSettings settings;
    private final Integer db;
    private final String host;

    RedisEndpointRules(RedisSettings settings,
                       @Nullable @Value("${redis.db:}") Integer db,
                       @Nullable @Value("${redis.host:}") String host) {
        this.settings = settings;
        this.db = db;
        this.host = host;
    }

    @Override
    public AbstractRedisConfiguration onCreated(BeanCreatedEvent<AbstractRedisConfiguration> event) {
        AbstractRedisConfiguration config = event.getBean();
        config.getUri().ifPresentOrElse(uri -> {
            if (uri.getHost() == null || uri.getSocket() != null || uri.getSentinels().size() > 0) {
                throw new IllegalArgumentException("REDIS_URI must start with redis:// or rediss://");
            }
            if ((uri.getPassword() == null || uri.getPassword().length == 0)
                && config.getPassword() != null && config.getPassword().length > 0) {
                uri.setPassword(config.getPassword());
            }
            uri.setTimeout(settings.commandTimeout());
        }, () -> {
            if (host == null || host.isBlank()) {
                config.setHost("127.0.0.1");
            }
            if (db != null) {
                config.setDatabase(db);
            }
        });
        config.setTimeout(settings.commandTimeout());
        return config;
    }

    /**
     * A second endpoint given as one URI setting (the audit's {@code safety.audit.redis-uri}), under the same rules:
     * {@code redis://} or {@code rediss://} only (the message never repeats the value), {@code password} for a
     * credential-free URI, the command timeout.
     */
    public static RedisURI separate(String uri, String password, java.time.Duration timeout) {
        String trimmed = uri.trim();
        if (!trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://")) {
            throw new IllegalArgumentException("a Redis URI must start with redis:// or rediss://");
        }
        RedisURI parsed = RedisURI.create(trimmed);
        if ((parsed.getPassword() == null || parsed.getPassword().length == 0) && password != null && !password.isEmpty()) {
            parsed.setPassword(password.toCharArray());
        }
        parsed.setTimeout(timeout);
        return parsed;
    }

    /** Where the default client connects (the URI if one is set, else the host/port/db/password settings). */
    static RedisURI endpoint(AbstractRedisConfiguration config) {
        return config.getUri().orElse(config);
    }
}
