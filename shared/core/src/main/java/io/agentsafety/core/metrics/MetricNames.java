package io.agentsafety.core.metrics;

import java.util.Set;

/** The metrics the service writes and the dimensions they carry (README, "Metrics"). */
public final class MetricNames {

    /** Policy decisions (policy-check and the sandbox gate), by {@code Verdict} × {@code ActionType}. */
    public static final String DECISIONS = "Decisions";
    /** Secrets found by the redact route, by {@code Kind}. */
    public static final String REDACTIONS = "Redactions";
    /** Spends recorded by the budget ledger (spend and commit, replays excluded). */
    public static final String SPENDS = "Spends";
    /** Spends, reservations and commits the ledger refused, by {@code Reason}. */
    public static final String SPEND_REFUSALS = "SpendRefusals";
    /** Budget circuit breakers opened. */
    public static final String BREAKER_TRIPS = "BreakerTrips";
    /** Milliseconds from an approval request's creation to its decision, by {@code Outcome}. */
    public static final String APPROVAL_LATENCY = "ApprovalLatency";
    /** Seconds each sandbox was alive (the time it is billed for), by {@code Backend}. */
    public static final String SANDBOX_SECONDS = "SandboxSeconds";
    /** Problem answers (HTTP) and failed direct invokes, by {@code StatusClass} and {@code Status}. */
    public static final String ERRORS = "Errors";
    /** Invocations (HTTP requests and direct invokes). */
    public static final String REQUESTS = "Requests";
    /** Milliseconds of each invocation, as the handler saw it. */
    public static final String LATENCY = "Latency";

    static final Set<String> ALL = Set.of(DECISIONS, REDACTIONS, SPENDS, SPEND_REFUSALS, BREAKER_TRIPS, APPROVAL_LATENCY,
        SANDBOX_SECONDS, ERRORS, REQUESTS, LATENCY);

    private MetricNames() {
    }
}
