package io.agentsafety.policy;

import io.micronaut.json.tree.JsonNode;

/**
 * The hook through which human approvals reach the gate (implemented by {@code shared/approvals}). A
 * {@code require_approval} decision is handed to it: it either creates an approval request and returns the
 * decision carrying its id, or, when the check names an approval that is approved, unused, unexpired and for
 * exactly this action, returns an allow. It never sees other verdicts: an approval cannot turn a deny into an
 * allow. Without this bean (a deployment without approvals) {@code approval_id}/{@code task_token} are refused.
 */
public interface ApprovalGate {

    /** Null when {@code approvalId} follows the approval id grammar, else the message for a 400 (never the value). */
    String approvalIdProblem(String approvalId);

    /** Called only for {@code require_approval} decisions; fails closed (503) when the approval store is down. */
    Decision resolve(Decision decision, CheckedAction action);

    /**
     * The action as the caller sent it (params exactly as received, before any redaction) plus the approval
     * fields of the check request.
     */
    record CheckedAction(ActionType type, JsonNode params, String runId, String actor, String approvalId, String taskToken) {
    }
}
