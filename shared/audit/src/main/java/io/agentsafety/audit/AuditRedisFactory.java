package io.agentsafety.audit;

import io.agentsafety.redis.RedisConnector;
import io.agentsafety.redis.RedisEndpointRules;
import io.agentsafety.redis.RedisSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The audit connection: a connection of its own from the service's Redis client (shared/redis: the ledger's
 * Redis, {@code REDIS_URI} or {@code REDIS_HOST}/{@code REDIS_PORT}/{@code REDIS_DB}/{@code REDIS_PASSWORD}),
 * unless {@code safety.audit.redis-uri} points the trail elsewhere: then a client of its own with the same
 * options and endpoint rules ({@code safety.audit.redis-cluster} for a cluster there). Nothing is contacted at
 * startup. The URI is never logged: it may hold a password. Each instance is handed to the checkpoint hook, which
 * settles its warm-up before a snapshot (the hook does not depend on this bean, see {@link AuditCheckpoint}).
 */
@Factory
public class AuditRedisFactory {

    @Singleton
    @Bean(preDestroy = "close")
    AuditRedis auditRedis(AuditSettings settings, RedisSettings redis, RedisConnector connector,
                          @Nullable @Value("${safety.audit.redis-uri:}") String auditUri,
                          @Nullable @Value("${safety.audit.redis-cluster:}") Boolean auditCluster,
                          @Nullable @Value("${redis.password:}") String password, AuditCheckpoint checkpoint) {
        AuditRedis created = create(settings, redis, connector, auditUri, auditCluster, password);
        checkpoint.track(created);
        return created;
    }

    private static AuditRedis create(AuditSettings settings, RedisSettings redis, RedisConnector connector,
                                     String auditUri, Boolean auditCluster, String password) {
        if (auditUri == null || auditUri.isBlank()) {
            return new AuditRedis(connector.connection(), settings.getCommandTimeout(), null);
        }
        var uri = RedisEndpointRules.separate(auditUri, password, settings.getCommandTimeout());
        boolean cluster = auditCluster == null ? redis.cluster() : auditCluster;
        RedisConnector own = cluster ? RedisConnector.cluster(uri, settings.getCommandTimeout())
            : RedisConnector.standalone(uri, settings.getCommandTimeout());
        return new AuditRedis(own.connection(), settings.getCommandTimeout(), own);
    }
}
