package io.agentsafety.budget;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Ledger settings ({@code safety.budget.*}), bound by Micronaut: {@code ttl-seconds}, {@code idempotency-ttl-seconds},
 * {@code redis.command-timeout}, {@code reservation.default-ttl-seconds} / {@code max-ttl-seconds},
 * {@code events.stream} / {@code max-length} (environment variables such as {@code SAFETY_BUDGET_TTL_SECONDS} too).
 * Defaults suit a Lambda: 7-day budgets, 2 s Redis command timeout (a slow ledger answers 503 well inside the
 * function timeout), 24 h idempotency records. {@code safety.budget.redis.cluster} is read by {@code RedisSettings}.
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
        reservation = reservation == null ? new Reservation(300, 86400) : reservation;
        events = events == null ? new Events(null, 10000) : events;
    }

    /** {@code safety.budget.redis.*}: the deadline of every ledger call. */
    @ConfigurationProperties("redis")
    public record Redis(@Bindable(defaultValue = "2s") Duration commandTimeout) {
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
        return new BudgetSettings(604800, 86400, new Redis(Duration.ofSeconds(2)), new Reservation(300, 86400),
            new Events(null, 10000));
    }

    public BudgetSettings withCommandTimeout(Duration timeout) {
        return new BudgetSettings(ttlSeconds, idempotencyTtlSeconds, new Redis(timeout), reservation, events);
    }

    /** The same settings with another event stream (the alert delivery's outbox), e.g. one per test. */
    public BudgetSettings withEventStream(String stream) {
        return new BudgetSettings(ttlSeconds, idempotencyTtlSeconds, redis, reservation, new Events(stream, events.maxLength()));
    }

    // Flat accessors: what the ledger code reads.

    public Duration commandTimeout() {
        return redis.commandTimeout();
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
