package io.agentsafety.policy;

/**
 * Tells the gate what the ledger knows of a run's budget: none, or one whose circuit breaker is closed or open.
 * Implemented over the shared Redis ledger by the functions that have it; throws
 * {@link io.agentsafety.core.ProblemException} (503) when the ledger cannot be reached, so a money-costing action
 * is never allowed without it.
 */
@FunctionalInterface
public interface RunBudgetGuard {

    enum RunBudget { NONE, BREAKER_CLOSED, BREAKER_OPEN }

    RunBudget budgetOf(String runId);
}
