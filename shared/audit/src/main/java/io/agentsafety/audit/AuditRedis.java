package io.agentsafety.audit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The audit's own Lettuce connection (standalone or cluster), separate from the ledger's so that its
 * timeouts can be much shorter. Every call is bounded as a whole — connecting included — by the time
 * the caller gives: the connection is opened asynchronously, and an attempt that outlives one call keeps
 * going in the background for the next. While Redis is unreachable commands are rejected at once.
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

    private final ClientResources resources;
    private final RedisClient standalone;
    private final RedisClusterClient cluster;
    private final RedisURI uri;
    private final Duration commandTimeout;
    private volatile CompletableFuture<Commands> session;
    private volatile boolean triedOnce;

    public AuditRedis(RedisURI uri, boolean clusterMode, Duration commandTimeout) {
        this.uri = uri;
        this.commandTimeout = commandTimeout;
        this.resources = ClientResources.builder()
            .ioThreadPoolSize(2) // Lettuce's minimum
            .computationThreadPoolSize(1)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
        SocketOptions socket = SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);
        if (clusterMode) {
            this.standalone = null;
            this.cluster = RedisClusterClient.create(resources, uri);
            this.cluster.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
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

    /**
     * Runs one command and waits for its answer, the whole bounded by {@code timeout} — except the first
     * call of this instance, which may take up to the command timeout: a cold start opens the connection
     * and loads the client's classes, which is not a slow Redis. (Only the first: with Redis unreachable,
     * every later call gives up within {@code timeout}.)
     */
    public <T> T call(Duration timeout, Function<Commands, RedisFuture<T>> command) {
        Duration bound = triedOnce || timeout.compareTo(commandTimeout) > 0 ? timeout : commandTimeout;
        long deadline = System.nanoTime() + bound.toNanos();
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

    /** Starts connecting without waiting, so that the first command finds the connection (nearly) ready. */
    public void warmUp() {
        session();
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

    private CompletableFuture<Commands> session() {
        CompletableFuture<Commands> current = session;
        if (usable(current)) {
            return current;
        }
        synchronized (this) {
            current = session;
            if (usable(current)) {
                return current;
            }
            if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
                current.join().connection().closeAsync();
            }
            session = open();
            return session;
        }
    }

    /** Still connecting, or connected and open; a failed attempt or a closed connection is replaced. */
    private static boolean usable(CompletableFuture<Commands> candidate) {
        if (candidate == null) {
            return false;
        }
        if (!candidate.isDone()) {
            return true;
        }
        return !candidate.isCompletedExceptionally() && candidate.join().connection().isOpen();
    }

    private CompletableFuture<Commands> open() {
        if (cluster != null) {
            return cluster.connectAsync(StringCodec.UTF8).thenApply(c -> new Commands(c, c.async(), c.async()));
        }
        return standalone.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
            .thenApply(c -> new Commands(c, c.async(), c.async()));
    }

    @Override
    public synchronized void close() {
        CompletableFuture<Commands> current = session;
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().connection().close();
        }
        session = null;
        if (cluster != null) {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            standalone.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
