package io.agentsafety.client;

import java.util.Map;

/** 402: the spend or reservation was refused (not enough budget, or the run's circuit breaker is open). */
public class BudgetExceededException extends SafetyException {

    public BudgetExceededException(Problem problem) {
        super(problem);
    }

    /** {@code insufficient_budget} or {@code circuit_open}: the problem's code (or the last segment of its type). */
    public String reason() {
        if (problem().getCode() != null) {
            return problem().getCode();
        }
        String type = problem().getType();
        if (type == null) {
            return null;
        }
        int slash = type.lastIndexOf('/');
        return slash < 0 ? type : type.substring(slash + 1);
    }

    /** The run's budget status at refusal (limit, spent, reserved, remaining…), when the service sent it. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> budgetStatus() {
        Object budget = problem().extensions().get("budget");
        if (budget instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        // older servers put the status members at the top level of the 402 body
        return problem().extensions().containsKey("spent") ? problem().extensions() : Map.of();
    }
}
