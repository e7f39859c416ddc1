package io.agentsafety.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How idempotent calls are retried after 429, 502, 503, 504, a timeout or no connection: up to
 * {@code maxAttempts} tries in all, waiting an exponentially growing, fully jittered delay between
 * {@code initialBackoff} and {@code maxBackoff} (AWS's "full jitter"), or the server's {@code Retry-After} when
 * it sends one (capped at {@code maxBackoff}). Non-idempotent calls are never retried: a spend without an
 * idempotency key could be charged twice, so the client always sends one.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** 4 tries, 100 ms doubling up to 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2));
    /** One try, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** The wait before try {@code attempt + 1} (attempt counts from 1), honouring a server hint when present. */
    Duration delayAfter(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
