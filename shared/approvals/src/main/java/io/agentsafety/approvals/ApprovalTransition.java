package io.agentsafety.approvals;

/**
 * One change of an approval request, for the audit trail: {@code from} is null for a creation. {@code by} is the
 * approver for approve/deny, null otherwise. No params, no task token: only ids, states and names.
 */
public record ApprovalTransition(String approvalId, ApprovalStatus from, ApprovalStatus to, String kind, String by,
                                 String runId, String actor, String actionType, String decisionId, long atMs) {

    static ApprovalTransition of(String kind, ApprovalStatus from, StoredApproval approval, String by, long atMs) {
        return new ApprovalTransition(approval.id(), from, approval.status(), kind, by, approval.runId(), approval.actor(),
            approval.fields().get("action_type"), approval.fields().get("decision_id"), atMs);
    }

    /**
     * Receives every transition after it is stored (created, vote counted, approved, denied, used, expired). Beans
     * of this type are called in turn; one that throws is logged and skipped, never failing the request.
     */
    public interface Listener {
        void onTransition(ApprovalTransition transition);
    }
}
