package io.agentsafety.approvals;

/**
 * One change of an approval request, for the audit trail: {@code from} is null for a creation. {@code by} is the
 * approver for approve/deny, null otherwise. No params, no task token: only ids, states and names. {@code createdMs} is
 * when the request was created (-1 if the record does not say), so a decision's latency is {@code atMs - createdMs}.
 */
public record ApprovalTransition(String approvalId, ApprovalStatus from, ApprovalStatus to, String kind, String by,
                                 String runId, String actor, String actionType, String decisionId, long atMs,
                                 long createdMs) {

    static ApprovalTransition of(String kind, ApprovalStatus from, StoredApproval approval, String by, long atMs) {
        String created = approval.fields().get("created_ms");
        return new ApprovalTransition(approval.id(), from, approval.status(), kind, by, approval.runId(), approval.actor(),
            approval.fields().get("action_type"), approval.fields().get("decision_id"), atMs,
            created != null && created.matches("[0-9]{1,18}") ? Long.parseLong(created) : -1);
    }

    /**
     * Receives every transition after it is stored (created, vote counted, approved, denied, used, expired). Beans
     * of this type are called in turn; one that throws is logged and skipped, never failing the request.
     */
    public interface Listener {
        void onTransition(ApprovalTransition transition);
    }
}
