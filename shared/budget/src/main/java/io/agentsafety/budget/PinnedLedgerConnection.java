package io.agentsafety.budget;

import io.agentsafety.redis.RedisAwait;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server connection (a cluster node's, or the standalone server's) on which a ledger write and its {@code WAIT}
 * both run: WAIT counts only the writes of the connection that sends it, so the script must have been sent on the
 * very same one ({@link LettuceLedgerConnection#pinned}). Only the calls a write needs are served; streams and plain
 * reads go through the ledger's main connection.
 */
final class PinnedLedgerConnection implements LedgerConnection {

    /** How long a fence key lives: it only has to reach the replicas, nobody reads it. */
    private static final long FENCE_TTL_MS = 10_000;

    private final StatefulRedisConnection<String, String> node;
    private final LedgerConnection owner;
    private final Duration timeout;
    /** The asynchronous API awaited as the synchronous one would be: a standalone connection builds that one lazily. */
    private final RedisAwait await;

    PinnedLedgerConnection(StatefulRedisConnection<String, String> node, LedgerConnection owner, Duration timeout) {
        this.node = node;
        this.await = new RedisAwait(node);
        this.owner = owner;
        this.timeout = timeout;
    }

    @Override
    public String evalsha(String sha, String[] keys, String... args) {
        return await.await(node.async().evalsha(sha, ScriptOutputType.VALUE, keys, args));
    }

    @Override
    public String eval(String script, String[] keys, String... args) {
        return await.await(node.async().eval(script, ScriptOutputType.VALUE, keys, args));
    }

    @Override
    public boolean functions() {
        return true;
    }

    @Override
    public String fcall(String function, String[] keys, String... args) {
        return await.await(FcallArgs.send(node.async(), function, keys, args));
    }

    /** On every master, as the owner loads it: a library is per server, not per connection. */
    @Override
    public void functionLoad(String library) {
        owner.functionLoad(library);
    }

    @Override
    public boolean cluster() {
        return owner.cluster();
    }

    @Override
    public Duration commandTimeout() {
        return timeout;
    }

    @Override
    public LedgerConnection pinned(String[] keys) {
        return this;
    }

    /**
     * The fence and the WAIT are sent together (one round trip). The fence is a write of this connection made after
     * the script answered: whatever the script read or wrote, and even a replay of an answer written by another
     * connection (a retry from another instance), precedes it in the replication stream, so replicas holding the fence
     * hold all of it. It also covers a reconnect between the script and the WAIT: the fence is then a write of the new
     * socket, made after the script ran.
     */
    @Override
    public long awaitReplicas(String fenceKey, int replicas, Duration waitTimeout) {
        RedisAsyncCommands<String, String> async = node.async();
        RedisFuture<String> fence = async.set(fenceKey, "1", SetArgs.Builder.px(FENCE_TTL_MS));
        RedisFuture<Long> acknowledged = async.waitForReplication(replicas, waitTimeout.toMillis());
        LettuceFutures.awaitOrCancel(fence, timeout.toNanos(), TimeUnit.NANOSECONDS);
        Long count = LettuceFutures.awaitOrCancel(acknowledged, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return count == null ? 0 : count;
    }

    @Override
    public String get(String key) {
        throw new UnsupportedOperationException("reads go through the ledger's main connection");
    }

    @Override
    public String xadd(String stream, long maxLength, Map<String, String> fields) {
        throw new UnsupportedOperationException("streams go through the ledger's main connection");
    }

    @Override
    public boolean xgroupCreate(String stream, String group, String startId) {
        throw new UnsupportedOperationException("streams go through the ledger's main connection");
    }

    @Override
    public List<StreamEntry> xreadgroup(String stream, String group, String consumer, int count) {
        throw new UnsupportedOperationException("streams go through the ledger's main connection");
    }

    @Override
    public List<PendingEntry> xpending(String stream, String group, Duration minIdle, int count) {
        throw new UnsupportedOperationException("streams go through the ledger's main connection");
    }

    @Override
    public List<StreamEntry> xclaim(String stream, String group, String consumer, Duration minIdle, String... ids) {
        throw new UnsupportedOperationException("streams go through the ledger's main connection");
    }

    @Override
    public long xack(String stream, String group, String... ids) {
        throw new UnsupportedOperationException("streams go through the ledger's main connection");
    }

    /** The connection belongs to {@link LettuceLedgerConnection}, which closes it. */
    @Override
    public void close() {
    }
}
