package io.agentsafety.budget;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisStringCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce connection (standalone or cluster), opened on first use and shared by all threads (Lettuce
 * multiplexes). While Redis is unreachable, commands are rejected at once instead of queued, so callers
 * fail fast; the client reconnects in the background with a short capped backoff, and a connection that
 * was closed is opened anew on the next call.
 */
public final class LettuceLedgerConnection implements LedgerConnection {

    private record Session(StatefulConnection<String, String> connection,
                           RedisScriptingCommands<String, String> scripting,
                           RedisStringCommands<String, String> strings,
                           RedisStreamCommands<String, String> streams) {
    }

    private final ClientResources resources;
    private final RedisClient standalone;
    private final RedisClusterClient cluster;
    private final RedisURI uri;
    private volatile Session session;

    private LettuceLedgerConnection(RedisURI uri, boolean clusterMode, Duration timeout) {
        this.uri = uri;
        this.resources = ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
        SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
        if (clusterMode) {
            this.standalone = null;
            this.cluster = RedisClusterClient.create(resources, uri);
            this.cluster.setOptions(ClusterClientOptions.builder()
                // follow slot moves and failovers (ElastiCache Serverless, resharding) without a restart
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enableAllAdaptiveRefreshTriggers()
                    .enablePeriodicRefresh(Duration.ofMinutes(1))
                    .build())
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .build());
        } else {
            this.cluster = null;
            this.standalone = RedisClient.create(resources);
            this.standalone.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .build());
        }
    }

    public static LettuceLedgerConnection standalone(RedisURI uri, Duration timeout) {
        return new LettuceLedgerConnection(uri, false, timeout);
    }

    public static LettuceLedgerConnection cluster(RedisURI seed, Duration timeout) {
        return new LettuceLedgerConnection(seed, true, timeout);
    }

    private Session session() {
        Session current = session;
        if (current != null && current.connection().isOpen()) {
            return current;
        }
        synchronized (this) {
            current = session;
            if (current != null && current.connection().isOpen()) {
                return current;
            }
            // a connection that is no longer open was closed by the client (not just disconnected): replace it
            session = open();
            return session;
        }
    }

    private Session open() {
        if (cluster != null) {
            StatefulRedisClusterConnection<String, String> connection = cluster.connect(StringCodec.UTF8);
            var sync = connection.sync();
            return new Session(connection, sync, sync, sync);
        }
        StatefulRedisConnection<String, String> connection = standalone.connect(StringCodec.UTF8, uri);
        var sync = connection.sync();
        return new Session(connection, sync, sync, sync);
    }

    @Override
    public String evalsha(String sha, String[] keys, String... args) {
        return session().scripting().evalsha(sha, ScriptOutputType.VALUE, keys, args);
    }

    @Override
    public String eval(String script, String[] keys, String... args) {
        return session().scripting().eval(script, ScriptOutputType.VALUE, keys, args);
    }

    @Override
    public boolean xgroupCreate(String stream, String group, String startId) {
        return LettuceStreams.groupCreate(session().streams(), stream, group, startId);
    }

    @Override
    public java.util.List<StreamEntry> xreadgroup(String stream, String group, String consumer, int count) {
        return LettuceStreams.readGroup(session().streams(), stream, group, consumer, count);
    }

    @Override
    public java.util.List<PendingEntry> xpending(String stream, String group, Duration minIdle, int count) {
        return LettuceStreams.pending(session().streams(), stream, group, minIdle, count);
    }

    @Override
    public java.util.List<StreamEntry> xclaim(String stream, String group, String consumer, Duration minIdle, String... ids) {
        return LettuceStreams.claim(session().streams(), stream, group, consumer, minIdle, ids);
    }

    @Override
    public long xack(String stream, String group, String... ids) {
        return session().streams().xack(stream, group, ids);
    }

    @Override
    public String get(String key) {
        return session().strings().get(key);
    }

    @Override
    public String xadd(String stream, long maxLength, Map<String, String> fields) {
        return session().streams().xadd(stream, XAddArgs.Builder.maxlen(maxLength).approximateTrimming(), fields);
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.connection().close();
            session = null;
        }
        if (cluster != null) {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            standalone.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
