package io.agentsafety.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.internal.TimeoutProvider;
import io.lettuce.core.protocol.RedisCommand;

import java.util.concurrent.TimeUnit;

/**
 * Waits for an asynchronous command of one connection exactly as Lettuce's synchronous API does
 * ({@code FutureSyncInvocationHandler}): the same timeout (the connection's {@code TimeoutOptions}, else its
 * timeout) and {@link LettuceFutures#awaitOrCancel}, so a timeout throws {@code RedisCommandTimeoutException} and
 * cancels the command, and an error is thrown as the synchronous API throws it. Transactions (MULTI) are not
 * handled: nobody here sends one. Lets callers skip the synchronous API's proxy ({@link LazySyncRedisClient}).
 */
public final class RedisAwait {

    private final StatefulConnection<?, ?> connection;
    private final TimeoutProvider timeouts;

    public RedisAwait(StatefulConnection<?, ?> connection) {
        this.connection = connection;
        this.timeouts = new TimeoutProvider(() -> connection.getOptions().getTimeoutOptions(),
            () -> connection.getTimeout().toNanos());
    }

    public <T> T await(RedisFuture<T> future) {
        long timeoutNs = future instanceof RedisCommand<?, ?, ?> command
            ? timeouts.getTimeoutNs(command) : connection.getTimeout().toNanos();
        return LettuceFutures.awaitOrCancel(future, timeoutNs, TimeUnit.NANOSECONDS);
    }
}
