package io.agentsafety.budget;

import io.agentsafety.redis.RedisConnector;
import io.agentsafety.redis.RedisSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The ledger's connection (also the approvals' records): a connection of its own from the service's Redis
 * client (shared/redis: micronaut-redis-lettuce, {@code REDIS_URI} or {@code REDIS_HOST}/{@code REDIS_PORT}/
 * {@code REDIS_DB}/{@code REDIS_PASSWORD}). Its connection starts opening on a second thread when the bean is created
 * (a function's first event needs it); a Redis that is down fails only that attempt, and the first command retries.
 */
@Factory
public class BudgetRedisFactory {

    @Singleton
    @Bean(preDestroy = "close")
    LedgerConnection ledgerConnection(RedisConnector connector, RedisSettings redis) {
        // the client's own command timeout (safety.redis.command-timeout, else safety.budget.redis.command-timeout):
        // the ledger's deadlines are derived from it
        return LettuceLedgerConnection.of(connector, redis.commandTimeout()).warmUp();
    }
}
