package io.agentsafety.functions.policy;

import io.agentsafety.budget.BudgetCircuitGuard;
import io.agentsafety.policy.RunBudgetGuard;
import jakarta.inject.Singleton;

/**
 * Connects the gate to the shared budget ledger: a run whose breaker is open (in Redis, so every
 * instance sees it) may not start money-costing actions. The ledger's 503 propagates, so the gate never
 * allows such an action without having read the breaker.
 */
@Singleton
class LedgerBudgetGuard implements RunBudgetGuard {

    private final BudgetCircuitGuard circuit;

    LedgerBudgetGuard(BudgetCircuitGuard circuit) {
        this.circuit = circuit;
    }

    @Override
    public RunBudget budgetOf(String runId) {
        return circuit.breakerOf(runId).map(open -> open ? RunBudget.BREAKER_OPEN : RunBudget.BREAKER_CLOSED)
            .orElse(RunBudget.NONE);
    }
}
