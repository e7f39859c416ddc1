package io.agentsafety.sandbox.exec;

import io.agentsafety.budget.BudgetLedger;
import io.agentsafety.budget.BudgetSnapshot;
import io.agentsafety.budget.LedgerOutcome;
import io.agentsafety.budget.LedgerResult;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A safe execute's money, through the shared ledger: reserve the estimate before anything is created (402 when
 * the breaker is open, the estimate does not fit or the run has no budget), then commit the measured cost (the
 * rest of the reservation goes back) or release it all. A ledger outage is the ledger's 503.
 */
@Singleton
public class SandboxBudget {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxBudget.class);

    /** A held estimate; {@code id} null = the run has no budget and budgets are optional (nothing held). */
    public record Reservation(String id, String runId, long micros) {
        boolean unbudgeted() {
            return id == null;
        }
    }

    /** What the ledger says after settling; {@code remainingMicros}/{@code currency} null for an unbudgeted run. */
    public record Settled(long costMicros, Long remainingMicros, String currency) {
    }

    private final BudgetLedger ledger;
    private final boolean required;

    public SandboxBudget(BudgetLedger ledger, @Value("${safety.sandbox.require-budget:false}") boolean required) {
        this.ledger = ledger;
        this.required = required;
    }

    public Reservation reserve(String runId, long micros, long ttlSeconds) {
        long ttl = Math.max(1, Math.min(ttlSeconds, ledger.settings().reservationMaxTtlSeconds()));
        LedgerResult result = ledger.reserve(runId, micros, ttl, null);
        return switch (result.outcome()) {
            case CREATED -> new Reservation(result.reservation().id(), runId, micros);
            case INSUFFICIENT_BUDGET -> throw SandboxRefusal.budget("insufficient_budget",
                "the estimated cost does not fit in the run's remaining budget; nothing was created or reserved", status(result));
            case CIRCUIT_OPEN -> throw SandboxRefusal.budget("circuit_open",
                "the run's budget circuit breaker is open; nothing was created or reserved", status(result));
            case NOT_FOUND -> {
                if (required) {
                    throw SandboxRefusal.budget("budget_not_found",
                        "the run has no budget: create one (POST /budget/create) before running sandboxes; nothing was created", null);
                }
                // Like the policy gate's breaker check: a run without a budget is not limited (the cost is still reported).
                yield new Reservation(null, runId, micros);
            }
            default -> throw new IllegalStateException("unexpected ledger outcome " + result.outcome().wireName());
        };
    }

    public Settled commit(Reservation reservation, long actualMicros) {
        if (reservation.unbudgeted()) {
            return new Settled(actualMicros, null, null);
        }
        // the sandbox already ran: its real cost is recorded even beyond the reservation (allowOverrun)
        LedgerResult result = ledger.commit(reservation.id(), actualMicros, true);
        if (!result.is(LedgerOutcome.OK)) {
            throw new IllegalStateException("the ledger refused to settle reservation " + reservation.id() + ": "
                + result.outcome().wireName());
        }
        BudgetSnapshot snapshot = result.snapshot();
        return new Settled(actualMicros, snapshot.remainingMicros(), snapshot.currency());
    }

    /** Gives the whole reservation back; never throws (used on failure paths, the reservation's TTL is the backstop). */
    public void releaseQuietly(Reservation reservation) {
        if (reservation.unbudgeted()) {
            return;
        }
        try {
            LedgerResult result = ledger.release(reservation.id());
            if (!result.is(LedgerOutcome.OK)) {
                LOG.warn("release of {} answered {}", reservation.id(), result.outcome().wireName());
            }
        } catch (RuntimeException e) {
            LOG.warn("release of {} failed ({}); the reservation expires by itself", reservation.id(), e.getClass().getSimpleName());
        }
    }

    private static Map<String, Object> status(LedgerResult result) {
        return result.snapshot() == null ? null : result.snapshot().toJson(null);
    }
}
