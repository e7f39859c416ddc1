package io.agentsafety.policy;

/**
 * Tells the gate whether a run's budget circuit breaker is open. Implemented over the shared Redis
 * ledger by the functions that have it; throws {@link io.agentsafety.core.ProblemException} (503) when the
 * ledger cannot be reached, so a money-costing action is never allowed without it.
 */
@FunctionalInterface
public interface RunBudgetGuard {

    boolean isCircuitOpen(String runId);
}
