package io.agentsafety.budget;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Ledger settings ({@code safety.budget.*}). Defaults suit a Lambda: 7-day budgets, 2 s Redis command
 * timeout (a slow ledger answers 503 well inside the function timeout), 24 h idempotency records.
 */
@Singleton
public final class BudgetSettings {

    public static final String DEFAULT_STREAM = "safety:events";

    private final long ttlSeconds;
    private final Duration commandTimeout;
    private final boolean cluster;
    private final long reservationDefaultTtlSeconds;
    private final long reservationMaxTtlSeconds;
    private final long idempotencyTtlSeconds;
    private final String eventStream;
    private final long eventStreamMaxLength;

    @Inject
    public BudgetSettings(@Value("${safety.budget.ttl-seconds:604800}") long ttlSeconds,
                          @Value("${safety.budget.redis.command-timeout:2s}") Duration commandTimeout,
                          @Value("${safety.budget.redis.cluster:false}") boolean cluster,
                          @Value("${safety.budget.reservation.default-ttl-seconds:300}") long reservationDefaultTtlSeconds,
                          @Value("${safety.budget.reservation.max-ttl-seconds:86400}") long reservationMaxTtlSeconds,
                          @Value("${safety.budget.idempotency-ttl-seconds:86400}") long idempotencyTtlSeconds,
                          @Nullable @Value("${safety.budget.events.stream:}") String eventStream,
                          @Value("${safety.budget.events.max-length:10000}") long eventStreamMaxLength) {
        if (ttlSeconds < 60 || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("safety.budget.ttl-seconds must be >= 60 and the command timeout positive");
        }
        this.ttlSeconds = ttlSeconds;
        this.commandTimeout = commandTimeout;
        this.cluster = cluster;
        this.reservationDefaultTtlSeconds = reservationDefaultTtlSeconds;
        this.reservationMaxTtlSeconds = reservationMaxTtlSeconds;
        this.idempotencyTtlSeconds = idempotencyTtlSeconds;
        this.eventStream = eventStream == null || eventStream.isBlank() ? DEFAULT_STREAM : eventStream;
        this.eventStreamMaxLength = eventStreamMaxLength;
    }

    /** The defaults, for code that runs without an application context (tests, benchmark). */
    public static BudgetSettings defaults() {
        return new BudgetSettings(604800, Duration.ofSeconds(2), false, 300, 86400, 86400, null, 10000);
    }

    public BudgetSettings withCommandTimeout(Duration timeout) {
        return new BudgetSettings(ttlSeconds, timeout, cluster, reservationDefaultTtlSeconds, reservationMaxTtlSeconds,
            idempotencyTtlSeconds, eventStream, eventStreamMaxLength);
    }

    /** The same settings with another event stream (the alert delivery's outbox), e.g. one per test. */
    public BudgetSettings withEventStream(String stream) {
        return new BudgetSettings(ttlSeconds, commandTimeout, cluster, reservationDefaultTtlSeconds, reservationMaxTtlSeconds,
            idempotencyTtlSeconds, stream, eventStreamMaxLength);
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public boolean cluster() {
        return cluster;
    }

    public long reservationDefaultTtlSeconds() {
        return reservationDefaultTtlSeconds;
    }

    public long reservationMaxTtlSeconds() {
        return reservationMaxTtlSeconds;
    }

    public long idempotencyTtlSeconds() {
        return idempotencyTtlSeconds;
    }

    public String eventStream() {
        return eventStream;
    }

    public long eventStreamMaxLength() {
        return eventStreamMaxLength;
    }
}
