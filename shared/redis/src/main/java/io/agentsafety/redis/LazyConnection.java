package io.agentsafety.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One Redis connection, opened on first use and shared by all threads (Lettuce multiplexes). A failed
 * attempt or a connection that was closed (not merely disconnected: the client reconnects those itself) is
 * replaced by a new attempt on the next call, so a function that started with Redis down recovers when
 * Redis returns. {@link #close()} drops the connection (before a checkpoint); the next call opens a new one.
 */
public final class LazyConnection implements AutoCloseable {

    private static final long WARM_UP_WAIT_MILLIS = 5_000;

    private final Supplier<CompletableFuture<StatefulConnection<String, String>>> opener;
    private volatile CompletableFuture<StatefulConnection<String, String>> session;
    private volatile Thread warming;

    LazyConnection(Supplier<CompletableFuture<StatefulConnection<String, String>>> opener) {
        this.opener = opener;
    }

    /** The connection, or the attempt under way; an attempt that outlives one caller keeps going for the next. */
    public CompletableFuture<StatefulConnection<String, String>> session() {
        CompletableFuture<StatefulConnection<String, String>> current = session;
        if (usable(current)) {
            return current;
        }
        synchronized (this) {
            current = session;
            if (usable(current)) {
                return current;
            }
            if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
                current.join().closeAsync();
            }
            session = open();
            return session;
        }
    }

    /**
     * Starts opening on a daemon thread, so that the first command finds the connection (nearly) ready instead of
     * connecting on the caller's critical path (a cold start's first event waited 8-20 ms for the ledger's connect,
     * infra/local/COLD-START.md, cold10); the first command waits on the same attempt. {@link #close()} waits for
     * the warm-up first, so that an attempt started after a checkpoint closed the connections cannot outlive it.
     */
    public void warmUp(String threadName) {
        Thread thread = new Thread(this::session, threadName);
        thread.setDaemon(true);
        warming = thread;
        thread.start();
    }

    /** Waits at most {@code timeout} for the connection; failures are Lettuce's {@link RedisException}s (→ 503). */
    public StatefulConnection<String, String> await(Duration timeout) {
        try {
            return session().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("Redis connection not established within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RedisException redis ? redis : new RedisConnectionException("Redis connection failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisConnectionException("interrupted while connecting to Redis", e);
        }
    }

    private CompletableFuture<StatefulConnection<String, String>> open() {
        try {
            return opener.get();
        } catch (RuntimeException e) {
            // e.g. the client bean could not be created: fail this call, try again on the next
            return CompletableFuture.failedFuture(e instanceof RedisException ? e
                : new RedisConnectionException("Redis client unavailable: " + e.getClass().getSimpleName()));
        }
    }

    private static boolean usable(CompletableFuture<StatefulConnection<String, String>> candidate) {
        if (candidate == null) {
            return false;
        }
        if (!candidate.isDone()) {
            return true;
        }
        return !candidate.isCompletedExceptionally() && candidate.join().isOpen();
    }

    /** Closes the current connection, if any (after a warm-up still starting); the next call connects again. */
    @Override
    public void close() {
        awaitWarmUp();
        closeSession();
    }

    /**
     * The warm-up only starts the connect (the client bean's lookup, then Lettuce's asynchronous connect), so it ends
     * quickly; bounded all the same, since a context closing on another thread may hold the bean lock it waits for.
     */
    private void awaitWarmUp() {
        Thread thread = warming;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(WARM_UP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        warming = null;
    }

    private synchronized void closeSession() {
        CompletableFuture<StatefulConnection<String, String>> current = session;
        session = null;
        if (current == null) {
            return;
        }
        if (current.isDone()) {
            if (!current.isCompletedExceptionally()) {
                current.join().close();
            }
        } else {
            current.thenAccept(StatefulConnection::closeAsync);
        }
    }
}
