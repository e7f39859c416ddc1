package io.agentsafety.audit;

import io.agentsafety.redis.LazyConnection;
import io.agentsafety.redis.RedisConnector;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The audit's own connection (standalone or cluster) from the service's Redis client (shared/redis),
 * separate from the ledger's so that its calls can be bounded much shorter. Every call is bounded as a whole —
 * connecting included — by the time the caller gives: the connection is opened asynchronously, and an attempt
 * that outlives one call keeps going in the background for the next. While Redis is unreachable commands are
 * rejected at once.
 */
public final class AuditRedis implements AutoCloseable {

    /** The commands the audit uses, over one connection. */
    public record Commands(StatefulConnection<String, String> connection,
                           RedisStreamAsyncCommands<String, String> streams,
                           RedisStringAsyncCommands<String, String> strings) {
    }

    /** Redis could not answer in time (down, slow, refusing): the message names the kind only. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String kind, Throwable cause) {
            super("audit store unavailable: " + kind, cause, false, false);
        }
    }

    private final LazyConnection connection;
    private final Duration commandTimeout;
    private final RedisConnector owned;
    private volatile boolean triedOnce;
    private volatile Thread warming;

    /** Over a connection of its own; {@code owned}, if not null, is this instance's own client (closed with it). */
    public AuditRedis(LazyConnection connection, Duration commandTimeout, RedisConnector owned) {
        this.connection = connection;
        this.commandTimeout = commandTimeout;
        this.owned = owned;
    }

    /**
     * Runs one command and waits for its answer, the whole bounded by {@code timeout} — except the first
     * call of this instance, which may take up to the command timeout: a cold start opens the connection
     * and loads the client's classes, which is not a slow Redis. (Only the first: with Redis unreachable,
     * every later call gives up within {@code timeout}.)
     */
    public <T> T call(Duration timeout, Function<Commands, RedisFuture<T>> command) {
        long deadline = deadline(timeout);
        try {
            Commands commands = await(session(), deadline);
            RedisFuture<T> future = command.apply(commands);
            try {
                return await(future.toCompletableFuture(), deadline);
            } catch (UnavailableException e) {
                future.cancel(false);
                throw e;
            }
        } finally {
            triedOnce = true;
        }
    }

    /** One command's answer in {@link #callEach}: its value, or the failure that stands for it. */
    public record Answer<T>(T value, UnavailableException failure) {
    }

    /**
     * Sends every command {@code commands} issues before waiting for any (they leave in one go, and the thread
     * waits once for all of their answers instead of once per command), then waits for each in order, the whole
     * bounded as {@link #call} bounds one command. Answer {@code i} is the {@code i}-th command's; no connection
     * in time throws.
     */
    public <T> List<Answer<T>> callEach(Duration timeout, Function<Commands, List<RedisFuture<T>>> commands) {
        long deadline = deadline(timeout);
        try {
            List<RedisFuture<T>> futures = commands.apply(await(session(), deadline));
            List<Answer<T>> answers = new ArrayList<>(futures.size());
            for (RedisFuture<T> future : futures) {
                try {
                    answers.add(new Answer<>(await(future.toCompletableFuture(), deadline), null));
                } catch (UnavailableException e) {
                    future.cancel(false);
                    answers.add(new Answer<>(null, e));
                }
            }
            return answers;
        } finally {
            triedOnce = true;
        }
    }

    /** When a call given {@code timeout} must end ({@link #call}: the first call may take the command timeout). */
    private long deadline(Duration timeout) {
        Duration bound = triedOnce || timeout.compareTo(commandTimeout) > 0 ? timeout : commandTimeout;
        return System.nanoTime() + bound.toNanos();
    }

    /**
     * Starts connecting on a second thread, so that the first command finds the connection (nearly) ready and the
     * context start does not wait for it: the first open creates the Redis client and its event loops and starts
     * the connect (14 of policy-check's 178 main-thread start samples, cold8). The first command waits on the
     * same attempt ({@link LazyConnection} hands out one); {@link #settleWarmUp} ends it before a checkpoint.
     */
    public void warmUp() {
        Thread thread = new Thread(this::session, "audit-connect");
        thread.setDaemon(true);
        warming = thread;
        thread.start();
    }

    /**
     * Before a checkpoint: waits for a warm-up still opening, then closes the connection it may have opened after
     * the other connections were closed, so that no socket is captured in the snapshot whatever the order of the
     * checkpoint hooks. The next command reconnects.
     */
    void settleWarmUp(Duration max) throws InterruptedException {
        awaitWarmUp(max);
        connection.close();
    }

    /** Waits at most {@code max} for a warm-up still opening (none: returns at once). */
    private void awaitWarmUp(Duration max) throws InterruptedException {
        Thread thread = warming;
        if (thread != null) {
            thread.join(Math.max(1, max.toMillis()));
            warming = null;
        }
    }

    private static <T> T await(CompletableFuture<T> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new UnavailableException("timeout", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UnavailableException(cause.getClass().getSimpleName(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted", e);
        } catch (RuntimeException e) {
            throw new UnavailableException(e.getClass().getSimpleName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Commands> session() {
        return connection.session().thenApply(c -> {
            if (c instanceof StatefulRedisClusterConnection<?, ?> cluster) {
                var async = ((StatefulRedisClusterConnection<String, String>) cluster).async();
                return new Commands(c, async, async);
            }
            var async = ((StatefulRedisConnection<String, String>) c).async();
            return new Commands(c, async, async);
        });
    }

    /**
     * Waits (at most the command timeout) for a warm-up still opening before closing, so that no connection, and no
     * event-loop thread, appears after the context that owned this instance was closed.
     */
    @Override
    public void close() {
        try {
            awaitWarmUp(commandTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
        if (owned != null) {
            owned.close();
        }
    }
}
