package io.agentsafety.budget;

import io.agentsafety.core.StrictJson;
import io.lettuce.core.RedisException;

import java.nio.charset.StandardCharsets;
import jakarta.inject.Singleton;

/**
 * Reads a run's circuit breaker from the shared ledger (one GET of the budget state, no script): true once a budget passed
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
        if (!io.agentsafety.core.Ids.isValidIdentifier(runId)) {
            return false;
        }
        try {
            String state = connection.get(BudgetKeys.state(runId));
            if (state == null) {
                return false;
            }
            var circuit = StrictJson.parseObject(state.getBytes(StandardCharsets.UTF_8)).get("circuit");
            return circuit != null && "1".equals(circuit.getStringValue());
        } catch (RedisException e) {
            throw LedgerScripts.unavailable(e);
        }
    }
}
