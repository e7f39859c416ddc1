package io.agentsafety.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Client options of every Redis client the framework creates (the framework's documented hook): while Redis
 * is unreachable commands are rejected at once instead of queued, so callers answer 503 fast; the client
 * reconnects in the background; connect and command time out after {@link RedisSettings#commandTimeout()}; a
 * cluster client follows slot moves and failovers (ElastiCache Serverless, resharding) without a restart.
 */
public final class RedisClientOptions {

    private RedisClientOptions() {
    }

    public static ClientOptions standalone(Duration timeout) {
        return ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(socket(timeout))
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build();
    }

    public static ClusterClientOptions cluster(Duration timeout) {
        return ClusterClientOptions.builder()
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers()
                // the first trigger of a failover (the dead master's reconnects) comes before its replica is promoted;
                // with Lettuce's default of one adaptive refresh per 30 s the client would then route to the dead
                // master, answering 503, for up to 30 s. And a refresh that still sees the dead master drops the
                // connection whose reconnects were the trigger, so no trigger may follow: only the periodic refresh
                // then finds the promoted replica (measured: docs/reliability/faults.md)
                .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                .enablePeriodicRefresh(Duration.ofSeconds(5))
                .build())
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(socket(timeout))
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build();
    }

    private static SocketOptions socket(Duration timeout) {
        return SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
    }

    @Singleton
    static final class Standalone implements BeanCreatedEventListener<RedisClient> {
        private final RedisSettings settings;

        Standalone(RedisSettings settings) {
            this.settings = settings;
        }

        @Override
        public RedisClient onCreated(BeanCreatedEvent<RedisClient> event) {
            event.getBean().setOptions(standalone(settings.commandTimeout()));
            return event.getBean();
        }
    }

    @Singleton
    static final class Cluster implements BeanCreatedEventListener<RedisClusterClient> {
        private final RedisSettings settings;

        Cluster(RedisSettings settings) {
            this.settings = settings;
        }

        @Override
        public RedisClusterClient onCreated(BeanCreatedEvent<RedisClusterClient> event) {
            event.getBean().setOptions(cluster(settings.commandTimeout()));
            return event.getBean();
        }
    }
}
