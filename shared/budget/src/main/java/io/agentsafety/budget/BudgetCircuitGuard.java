package io.agentsafety.budget;

import io.lettuce.core.RedisException;
import jakarta.inject.Singleton;

/**
 * Reads a run's circuit breaker from the shared ledger (one GET of the budget's hot state, no script): true once a budget passed
 * its limit until a human closes it. A run without a budget has no breaker. Redis down → 503, so a
 * money-costing action is never allowed without the ledger.
 */
@Singleton
public class BudgetCircuitGuard {

    private final LedgerConnection connection;

    public BudgetCircuitGuard(LedgerConnection connection) {
        this.connection = connection;
    }

    public boolean isCircuitOpen(String runId) {
        return breakerOf(runId).orElse(false);
    }

    /** The run's breaker (true = open), empty when the run has no budget (or an id no budget can have). */
    public java.util.Optional<Boolean> breakerOf(String runId) {
        if (!io.agentsafety.core.Ids.isValidIdentifier(runId)) {
            return java.util.Optional.empty();
        }
        try {
            String state = connection.get(BudgetKeys.state(runId));
            if (state == null) {
                return java.util.Optional.empty();
            }
            String[] fields = state.split("\\|", -1);
            return java.util.Optional.of(fields.length > BudgetKeys.CIRCUIT_FIELD && "1".equals(fields[BudgetKeys.CIRCUIT_FIELD]));
        } catch (RedisException e) {
            throw LedgerScripts.unavailable(e);
        }
    }
}
