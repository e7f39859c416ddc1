package io.agentsafety.client;

/**
 * The action needs a human approval first ({@code verdict: require_approval}). Once a person approves
 * {@link #approvalId()}, check the very same action again with that id to get {@code allow}.
 */
public class ApprovalRequiredException extends SafetyException {

    private final transient Decision decision;

    public ApprovalRequiredException(Decision decision, Problem problem) {
        super(problem);
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }

    /** The approval request created for this action; null when the service runs without approvals. */
    public String approvalId() {
        return decision == null ? null : decision.approvalId();
    }
}
