package io.agentsafety.budget;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The ledger's one Redis connection per warm instance, from {@code REDIS_URI} (property {@code redis.uri})
 * or {@code REDIS_HOST}/{@code REDIS_PORT}/{@code REDIS_DB}/{@code REDIS_PASSWORD}. Nothing is contacted
 * at startup: the first command connects, so a cold start does not fail when Redis is briefly away.
 */
@Factory
public class BudgetRedisFactory {

    @Singleton
    @Bean(preDestroy = "close")
    LedgerConnection ledgerConnection(BudgetSettings settings,
                                      @Nullable @Value("${redis.uri:}") String uri,
                                      @Nullable @Value("${redis.host:}") String host,
                                      @Nullable @Value("${redis.port:}") Integer port,
                                      @Nullable @Value("${redis.db:}") Integer db,
                                      @Nullable @Value("${redis.password:}") String password) {
        var endpoint = RedisEndpoint.resolve(uri, host, port, db, password, settings.commandTimeout());
        return settings.cluster()
            ? LettuceLedgerConnection.cluster(endpoint, settings.commandTimeout())
            : LettuceLedgerConnection.standalone(endpoint, settings.commandTimeout());
    }
}
