package io.agentsafety.budget;

import io.agentsafety.redis.LazyConnection;
import io.agentsafety.redis.RedisAwait;
import io.agentsafety.redis.RedisConnector;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisStreamCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The ledger's commands over one {@link LazyConnection} of the service's Redis client (standalone or cluster):
 * opened on first use, re-attempted after a failure, so a function that starts with Redis down answers 503 and
 * recovers when Redis returns. While Redis is unreachable commands are rejected at once (the client's options,
 * shared/redis), and connecting is bounded by the command timeout.
 */
public final class LettuceLedgerConnection implements LedgerConnection {

    /**
     * The asynchronous API, awaited as the synchronous one would be ({@link RedisAwait}): a standalone connection
     * builds its synchronous API only when asked ({@code shared/redis}), and that costs a start 129–172 ms CPU.
     * The consumer-group commands (not on a spend's path) still use it.
     */
    private record Session(StatefulConnection<String, String> of,
                           RedisClusterAsyncCommands<String, String> commands,
                           RedisAwait await,
                           Consumer<String> functionLoader,
                           Supplier<RedisStreamCommands<String, String>> streams,
                           boolean cluster) {

        <T> T await(RedisFuture<T> future) {
            return await.await(future);
        }
    }

    private final LazyConnection connection;
    /** The session of the connection last seen: rebuilt only when {@link LazyConnection} hands out a new one. */
    private volatile Session session;
    /**
     * A second connection of the same client, only for writes that await replicas ({@link #pinned}): a WAIT blocks the
     * connection it is sent on until the replicas answer (up to its timeout when they do not), so reads and streams
     * must not queue behind it. Opened on first use: never, while replica acknowledgements are off.
     */
    private final LazyConnection acknowledged;
    private final Duration timeout;
    private final RedisConnector owned;

    private LettuceLedgerConnection(RedisConnector connector, Duration timeout, boolean owned) {
        this.connection = connector.connection();
        this.acknowledged = connector.connection();
        this.timeout = timeout;
        this.owned = owned ? connector : null;
    }

    /** The service's connection: a connection of its own from the shared connector (which the context closes). */
    @Override
    public Duration commandTimeout() {
        return timeout;
    }

    public static LettuceLedgerConnection of(RedisConnector connector, Duration timeout) {
        return new LettuceLedgerConnection(connector, timeout, false);
    }

    /** With a client of its own (tests, benchmark), shut down by {@link #close()}. */
    public static LettuceLedgerConnection standalone(RedisURI uri, Duration timeout) {
        return new LettuceLedgerConnection(RedisConnector.standalone(uri, timeout), timeout, true);
    }

    public static LettuceLedgerConnection cluster(RedisURI seed, Duration timeout) {
        return new LettuceLedgerConnection(RedisConnector.cluster(seed, timeout), timeout, true);
    }

    /**
     * Starts opening the ledger's connection on a second thread ({@link LazyConnection#warmUp}): a function's first
     * event needs it, and the context start leaves a core idle. Closed before a checkpoint like any other connection.
     */
    public LettuceLedgerConnection warmUp() {
        connection.warmUp("ledger-connect");
        return this;
    }

    private Session session() {
        StatefulConnection<String, String> current = connection.await(timeout);
        Session last = session;
        if (last != null && last.of() == current) {
            return last;
        }
        Session fresh = sessionOf(current);
        session = fresh;
        return fresh;
    }

    @SuppressWarnings("unchecked")
    private static Session sessionOf(StatefulConnection<String, String> current) {
        if (current instanceof StatefulRedisClusterConnection<?, ?> cluster) {
            var typed = (StatefulRedisClusterConnection<String, String>) cluster;
            return new Session(current, typed.async(), new RedisAwait(typed), library -> loadOnEveryMaster(typed, library),
                typed::sync, true);
        }
        var typed = (StatefulRedisConnection<String, String>) current;
        var await = new RedisAwait(typed);
        var async = typed.async();
        return new Session(current, async, await, library -> await.await(async.functionLoad(library, true)), typed::sync, false);
    }

    /**
     * A cluster client sends FUNCTION LOAD to one node; every master needs the library (a replica gets it from its
     * master, so a promoted one has it), and a node the topology does not show yet loads it on its first "not found".
     */
    private static void loadOnEveryMaster(StatefulRedisClusterConnection<String, String> cluster, String library) {
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                cluster.getConnection(node.getNodeId()).sync().functionLoad(library, true);
            }
        }
    }

    @Override
    public String evalsha(String sha, String[] keys, String... args) {
        Session session = session();
        return session.await(session.commands().evalsha(sha, ScriptOutputType.VALUE, keys, args));
    }

    @Override
    public String eval(String script, String[] keys, String... args) {
        Session session = session();
        return session.await(session.commands().eval(script, ScriptOutputType.VALUE, keys, args));
    }

    @Override
    public boolean functions() {
        return true;
    }

    @Override
    public String fcall(String function, String[] keys, String... args) {
        Session session = session();
        return session.await(FcallArgs.send(session.commands(), function, keys, args));
    }

    @Override
    public void functionLoad(String library) {
        session().functionLoader().accept(library);
    }

    /**
     * Every call is written before any answer is awaited: Lettuce pipelines commands on one connection (a cluster
     * connection routes each to its slot's node), so a page of statuses costs about one round trip, not one each.
     */
    @Override
    public List<Reply> evalshaAll(String sha, List<String[]> keys, String... args) {
        Session session = session();
        List<RedisFuture<String>> futures = new ArrayList<>(keys.size());
        for (String[] k : keys) {
            futures.add(session.commands().evalsha(sha, ScriptOutputType.VALUE, k, args));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Reply> replies = new ArrayList<>(keys.size());
        for (RedisFuture<String> future : futures) {
            try {
                replies.add(new Reply(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null));
            } catch (ExecutionException e) {
                replies.add(new Reply(null, e.getCause() instanceof RuntimeException r ? r : new RedisException(e.getCause())));
            } catch (TimeoutException e) {
                futures.forEach(f -> f.cancel(true));
                throw new RedisCommandTimeoutException("pipelined scripts not answered within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisCommandInterruptedException(e);
            }
        }
        return replies;
    }

    @Override
    public boolean cluster() {
        return session().cluster();
    }

    /**
     * The server connection of the acknowledged writes that serves {@code keys}' slot: standalone, the connection
     * itself; in a cluster, the node connection to the slot's master as the client's current topology has it (the
     * one Lettuce would route a keyed command to, by host and port). Script, fence and WAIT are all sent on it
     * ({@link PinnedLedgerConnection}), not routed per command, so they cannot land on different nodes when the
     * topology changes between them: a node that no longer serves the slot answers MOVED before running anything.
     */
    @Override
    @SuppressWarnings("unchecked")
    public LedgerConnection pinned(String[] keys) {
        StatefulConnection<String, String> current = acknowledged.await(timeout);
        if (current instanceof StatefulRedisClusterConnection<?, ?> cluster) {
            var typed = (StatefulRedisClusterConnection<String, String>) cluster;
            int slot = SlotHash.getSlot(keys[0]);
            RedisClusterNode master = typed.getPartitions().getMasterBySlot(slot);
            if (master == null || master.getUri() == null) {
                throw new RedisConnectionException("no master known for the slot of a ledger write");
            }
            return new PinnedLedgerConnection(typed.getConnection(master.getUri().getHost(), master.getUri().getPort()),
                this, timeout);
        }
        return new PinnedLedgerConnection((StatefulRedisConnection<String, String>) current, this, timeout);
    }

    @Override
    public boolean xgroupCreate(String stream, String group, String startId) {
        return LettuceStreams.groupCreate(session().streams().get(), stream, group, startId);
    }

    @Override
    public java.util.List<StreamEntry> xreadgroup(String stream, String group, String consumer, int count) {
        return LettuceStreams.readGroup(session().streams().get(), stream, group, consumer, count);
    }

    @Override
    public java.util.List<PendingEntry> xpending(String stream, String group, Duration minIdle, int count) {
        return LettuceStreams.pending(session().streams().get(), stream, group, minIdle, count);
    }

    @Override
    public java.util.List<StreamEntry> xclaim(String stream, String group, String consumer, Duration minIdle, String... ids) {
        return LettuceStreams.claim(session().streams().get(), stream, group, consumer, minIdle, ids);
    }

    @Override
    public long xack(String stream, String group, String... ids) {
        return session().streams().get().xack(stream, group, ids);
    }

    @Override
    public String get(String key) {
        Session session = session();
        return session.await(session.commands().get(key));
    }

    @Override
    public String xadd(String stream, long maxLength, Map<String, String> fields) {
        Session session = session();
        return session.await(session.commands().xadd(stream, XAddArgs.Builder.maxlen(maxLength).approximateTrimming(), fields));
    }

    @Override
    public void close() {
        connection.close();
        acknowledged.close();
        if (owned != null) {
            owned.close();
        }
    }
}
