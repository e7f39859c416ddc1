package io.agentsafety.policy;

import io.agentsafety.policy.action.PolicyAction;
import io.micronaut.json.tree.JsonNode;

/**
 * One check, typed: the action, who asks ({@code run_id}, {@code actor}), the caller's free-form {@code metadata}, and
 * the approval fields. {@code params} are the action's params as the caller sent them: an approval is bound to exactly
 * those (a retry must send the same action), and the audit records them (redacted). {@link PolicyEngine#bind} makes a
 * check from a request; {@link #of} builds one in code.
 */
public record PolicyCheck(PolicyAction action, JsonNode params, String runId, String actor, JsonNode metadata,
                          String approvalId, String taskToken) {

    public PolicyCheck {
        if (action == null || params == null || !params.isObject()) {
            throw new IllegalArgumentException("a check has an action and its params object");
        }
        if (metadata != null && !metadata.isObject()) {
            throw new IllegalArgumentException("metadata is a JSON object");
        }
    }

    /**
     * A check built in code: its params are the action's own ({@link PolicyAction#toParams()}). Nothing here re-reads
     * the caller's request: {@code runId} and {@code actor} must have passed its own edge (e.g. the sandbox request's
     * {@code run_id} grammar), as the action's record holds the shape of the action.
     */
    public static PolicyCheck of(PolicyAction action, String runId, String actor) {
        return new PolicyCheck(action, action.toParams(), runId, actor, null, null, null);
    }

    public ActionType type() {
        return action.type();
    }
}
