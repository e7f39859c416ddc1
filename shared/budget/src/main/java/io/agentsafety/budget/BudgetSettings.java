package io.agentsafety.budget;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Ledger settings ({@code safety.budget.*}), bound by Micronaut: {@code ttl-seconds}, {@code idempotency-ttl-seconds},
 * {@code redis.command-timeout}, {@code reservation.default-ttl-seconds} / {@code max-ttl-seconds},
 * {@code events.stream} / {@code max-length}, {@code redis.replica-acknowledgements} /
 * {@code redis.replica-acknowledgement-timeout} (environment variables such as {@code SAFETY_BUDGET_TTL_SECONDS} too).
 * Defaults suit a Lambda: 7-day budgets, 2 s Redis command timeout (a slow ledger answers 503 well inside the
 * function timeout), 24 h idempotency records, no replica acknowledgement (a write is acknowledged once the master has
 * it, as Redis does). {@code safety.budget.redis.cluster} is read by {@code RedisSettings}.
 */
@ConfigurationProperties("safety.budget")
public record BudgetSettings(@Bindable(defaultValue = "604800") long ttlSeconds,
                             @Bindable(defaultValue = "86400") long idempotencyTtlSeconds,
                             Redis redis,
                             Reservation reservation,
                             Events events) {

    public static final String DEFAULT_STREAM = "safety:events";

    public BudgetSettings {
        if (ttlSeconds < 60 || redis == null || !positive(redis.commandTimeout())) {
            throw new IllegalArgumentException("safety.budget.ttl-seconds must be >= 60 and the command timeout positive");
        }
        if (redis.replicaAcknowledgements() < 0 || redis.replicaAcknowledgements() > 0
            && (!positive(redis.replicaAcknowledgementTimeout())
            || redis.replicaAcknowledgementTimeout().compareTo(redis.commandTimeout()) >= 0)) {
            // WAIT 0 would block forever, and a WAIT outlasting the command timeout would answer after its caller gave up
            throw new IllegalArgumentException("safety.budget.redis.replica-acknowledgements must be >= 0, and when > 0 "
                + "safety.budget.redis.replica-acknowledgement-timeout positive and shorter than the command timeout");
        }
        reservation = reservation == null ? new Reservation(300, 86400) : reservation;
        events = events == null ? new Events(null, 10000) : events;
    }

    /**
     * {@code safety.budget.redis.*}: the deadline of every ledger call, and how many replicas must hold a ledger write
     * before it is acknowledged ({@code WAIT}, see {@link ReplicaAcknowledgements}; 0 = none) within how long.
     */
    @ConfigurationProperties("redis")
    public record Redis(@Bindable(defaultValue = "2s") Duration commandTimeout,
                        @Bindable(defaultValue = "0") int replicaAcknowledgements,
                        @Bindable(defaultValue = "500ms") Duration replicaAcknowledgementTimeout) {
    }

    /** {@code safety.budget.reservation.*}: reservation lifetimes. */
    @ConfigurationProperties("reservation")
    public record Reservation(@Bindable(defaultValue = "300") long defaultTtlSeconds,
                              @Bindable(defaultValue = "86400") long maxTtlSeconds) {
    }

    /** {@code safety.budget.events.*}: the outbox stream (blank = {@value #DEFAULT_STREAM}) and its cap. */
    @ConfigurationProperties("events")
    public record Events(@Nullable String stream, @Bindable(defaultValue = "10000") long maxLength) {
        public Events {
            stream = stream == null || stream.isBlank() ? DEFAULT_STREAM : stream;
        }
    }

    /** The defaults, for code that runs without an application context (tests, benchmark). */
    public static BudgetSettings defaults() {
        return new BudgetSettings(604800, 86400, new Redis(Duration.ofSeconds(2), 0, Duration.ofMillis(500)), new Reservation(300, 86400),
            new Events(null, 10000));
    }

    public BudgetSettings withCommandTimeout(Duration timeout) {
        return new BudgetSettings(ttlSeconds, idempotencyTtlSeconds,
            new Redis(timeout, redis.replicaAcknowledgements(), redis.replicaAcknowledgementTimeout()), reservation, events);
    }

    /** The same settings with {@code replicas} replica acknowledgements awaited at most {@code timeout} per write. */
    public BudgetSettings withReplicaAcknowledgements(int replicas, Duration timeout) {
        return new BudgetSettings(ttlSeconds, idempotencyTtlSeconds, new Redis(redis.commandTimeout(), replicas, timeout),
            reservation, events);
    }

    /** The same settings with another event stream (the alert delivery's outbox), e.g. one per test. */
    public BudgetSettings withEventStream(String stream) {
        return new BudgetSettings(ttlSeconds, idempotencyTtlSeconds, redis, reservation, new Events(stream, events.maxLength()));
    }

    // Flat accessors: what the ledger code reads.

    public Duration commandTimeout() {
        return redis.commandTimeout();
    }

    /** How many replicas must hold a ledger write before it is acknowledged (0: the master alone, no WAIT). */
    public int replicaAcknowledgements() {
        return redis.replicaAcknowledgements();
    }

    public Duration replicaAcknowledgementTimeout() {
        return redis.replicaAcknowledgementTimeout();
    }

    public long reservationDefaultTtlSeconds() {
        return reservation.defaultTtlSeconds();
    }

    public long reservationMaxTtlSeconds() {
        return reservation.maxTtlSeconds();
    }

    public String eventStream() {
        return events.stream();
    }

    public long eventStreamMaxLength() {
        return events.maxLength();
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
