package io.agentsafety.audit;

import io.lettuce.core.RedisURI;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The audit connection, to the same Redis as the ledger and with the same keys ({@code REDIS_URI}, else
 * {@code REDIS_HOST}/{@code REDIS_PORT}/{@code REDIS_DB}/{@code REDIS_PASSWORD}, else 127.0.0.1:6379),
 * unless {@code safety.audit.redis-uri} points the trail elsewhere. (The rules mirror shared/budget's
 * RedisEndpoint, which this module cannot use: the ledger records its mutations through this module.)
 * Nothing is contacted at startup. The URI is never logged: it may hold a password.
 */
@Factory
public class AuditRedisFactory {

    @Singleton
    @Bean(preDestroy = "close")
    AuditRedis auditRedis(AuditSettings settings,
                          @Nullable @Value("${safety.audit.redis-uri:}") String auditUri,
                          @Value("${safety.audit.redis-cluster:${safety.budget.redis.cluster:false}}") boolean cluster,
                          @Nullable @Value("${redis.uri:}") String uri,
                          @Nullable @Value("${redis.host:}") String host,
                          @Nullable @Value("${redis.port:}") Integer port,
                          @Nullable @Value("${redis.db:}") Integer db,
                          @Nullable @Value("${redis.password:}") String password) {
        RedisURI resolved = resolve(auditUri != null && !auditUri.isBlank() ? auditUri : uri, host, port, db, password);
        resolved.setTimeout(settings.getCommandTimeout());
        return new AuditRedis(resolved, cluster, settings.getCommandTimeout());
    }

    static RedisURI resolve(String uri, String host, Integer port, Integer db, String password) {
        if (uri != null && !uri.isBlank()) {
            String trimmed = uri.trim();
            if (!trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://")) {
                throw new IllegalArgumentException("the audit's Redis URI must start with redis:// or rediss://");
            }
            RedisURI parsed = RedisURI.create(trimmed);
            // a credential-free URI takes the separately configured password (the Secrets Manager AUTH token)
            if ((parsed.getPassword() == null || parsed.getPassword().length == 0) && password != null && !password.isEmpty()) {
                parsed = RedisURI.builder(parsed).withPassword(password.toCharArray()).build();
            }
            return parsed;
        }
        RedisURI.Builder builder = RedisURI.Builder.redis(host == null || host.isBlank() ? "127.0.0.1" : host.trim(),
            port == null ? RedisURI.DEFAULT_REDIS_PORT : port);
        if (db != null) {
            builder.withDatabase(db);
        }
        if (password != null && !password.isEmpty()) {
            builder.withPassword(password.toCharArray());
        }
        return builder.build();
    }
}
