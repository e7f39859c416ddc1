package io.agentsafety.core.errors;

/** The run's budget refused (402: insufficient_budget, circuit_open, budget_not_found). Never retried. */
public final class BudgetExceeded extends DirectInvokeError {

    public BudgetExceeded(String problemJson) {
        super(problemJson);
    }
}
