package io.agentsafety.policy.action;

import io.agentsafety.policy.ActionType;
import io.micronaut.json.tree.JsonNode;

/**
 * The params of one check, typed: one record per {@link ActionType}. Values arrive here either bound from the
 * request JSON by {@link ActionBinding} (every bad field reported first as a 400) or built in code; the records'
 * constructors hold the structural rules (which fields go together), so an evaluator never sees a shape the
 * binding would have refused.
 */
public sealed interface PolicyAction permits ExecuteCodeAction, DeleteFilesAction, NetworkAccessAction, DeployAction,
    BillingAction {

    ActionType type();

    /**
     * The params as a request would carry them (wire names, absent fields left out), for an action built in code:
     * approvals are bound to, and the audit records, the params of a check.
     */
    JsonNode toParams();
}
