package io.agentsafety.client;

/** The gate denied the action ({@code verdict: deny}); the decision carries the reason and the matched rules. */
public class PolicyDeniedException extends SafetyException {

    private final transient Decision decision;

    public PolicyDeniedException(Decision decision, Problem problem) {
        super(problem);
        this.decision = decision;
    }

    /** The decision that denied the action; null when the service answered a 403 without one. */
    public Decision decision() {
        return decision;
    }
}
