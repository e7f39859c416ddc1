package io.agentsafety.budget;

import io.agentsafety.redis.LazyConnection;
import io.agentsafety.redis.RedisConnector;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.lettuce.core.api.sync.RedisStringCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

import java.time.Duration;
import java.util.Map;

/**
 * The ledger's commands over one {@link LazyConnection} of the service's Redis client (standalone or cluster):
 * opened on first use, re-attempted after a failure, so a function that starts with Redis down answers 503 and
 * recovers when Redis returns. While Redis is unreachable commands are rejected at once (the client's options,
 * shared/redis), and connecting is bounded by the command timeout.
 */
public final class LettuceLedgerConnection implements LedgerConnection {

    private record Session(RedisScriptingCommands<String, String> scripting,
                           RedisStringCommands<String, String> strings,
                           RedisStreamCommands<String, String> streams) {
    }

    private final LazyConnection connection;
    private final Duration timeout;
    private final RedisConnector owned;

    private LettuceLedgerConnection(LazyConnection connection, Duration timeout, RedisConnector owned) {
        this.connection = connection;
        this.timeout = timeout;
        this.owned = owned;
    }

    /** The service's connection: a connection of its own from the shared connector (which the context closes). */
    @Override
    public Duration commandTimeout() {
        return timeout;
    }

    public static LettuceLedgerConnection of(RedisConnector connector, Duration timeout) {
        return new LettuceLedgerConnection(connector.connection(), timeout, null);
    }

    /** With a client of its own (tests, benchmark), shut down by {@link #close()}. */
    public static LettuceLedgerConnection standalone(RedisURI uri, Duration timeout) {
        RedisConnector connector = RedisConnector.standalone(uri, timeout);
        return new LettuceLedgerConnection(connector.connection(), timeout, connector);
    }

    public static LettuceLedgerConnection cluster(RedisURI seed, Duration timeout) {
        RedisConnector connector = RedisConnector.cluster(seed, timeout);
        return new LettuceLedgerConnection(connector.connection(), timeout, connector);
    }

    @SuppressWarnings("unchecked")
    private Session session() {
        StatefulConnection<String, String> current = connection.await(timeout);
        if (current instanceof StatefulRedisClusterConnection<?, ?> cluster) {
            var sync = ((StatefulRedisClusterConnection<String, String>) cluster).sync();
            return new Session(sync, sync, sync);
        }
        var sync = ((StatefulRedisConnection<String, String>) current).sync();
        return new Session(sync, sync, sync);
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
    public void close() {
        connection.close();
        if (owned != null) {
            owned.close();
        }
    }
}
