package io.agentsafety.functions.sandbox;

import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.Decision;
import io.agentsafety.sandbox.exec.PackageEcosystems;
import io.agentsafety.sandbox.exec.SandboxExecRequest;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Step 0, the policy check before anything is created, in two shapes (infra/statemachine/README.md):
 * <ul>
 *   <li>the {@code /sandbox/exec} request → {@code {"approvals":[{"action_index","action_type","decision_id",
 *       "approval_id"?}]}}: the actions that need a human (with the given approval that covers one, if any); a deny
 *       fails with {@code PolicyDenied};</li>
 *   <li>{@code {"request", "action_index", "task_token"}} (the {@code .waitForTaskToken} task) → the approval request
 *       for that action, created with the token: approving it sends {@code SendTaskSuccess}, denying or letting it
 *       expire {@code SendTaskFailure}. Output {@code {"approval_id","decision_id","approval_expires_at"}}.</li>
 * </ul>
 */
public class SandboxGateStep extends BatchStepHandler<JsonNode> {

    private static final Set<String> AWAIT_FIELDS = Set.of("request", "action_index", "task_token");
    /** Step Functions task tokens are at most 1024 characters; the approval store accepts 2048. */
    private static final int MAX_TASK_TOKEN = 2048;

    public SandboxGateStep() {
    }

    public SandboxGateStep(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    JsonNode step(JsonNode input) {
        PackageEcosystems ecosystems = getApplicationContext().getBean(PackageEcosystems.class);
        if (input.get("task_token") == null) {
            return tree(Map.of("approvals", steps.approvalPlan(SandboxExecRequest.from(input, ecosystems))));
        }
        JsonFields f = JsonFields.of(input).allowOnly(AWAIT_FIELDS);
        String token = f.requiredString("task_token", MAX_TASK_TOKEN);
        Long index = f.optionalLong("action_index", 0, 10_000);
        if (!f.has("action_index")) {
            f.error("action_index", "is required");
        }
        JsonNode request = f.raw("request");
        if (request == null || !request.isObject()) {
            f.error("request", "must be the /sandbox/exec request (a JSON object)");
        }
        f.validate();
        Decision decision = steps.requestApproval(SandboxExecRequest.from(request, ecosystems), index.intValue(), token);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approval_id", decision.approvalId());
        out.put("decision_id", decision.decisionId());
        out.put("approval_expires_at", decision.approvalExpiresAt());
        return tree(out);
    }

    private JsonNode tree(Object value) {
        try {
            return jsonMapper.writeValueToTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the gate's answer", e);
        }
    }

}
