package io.agentsafety.functions.sandbox;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.ProblemException;
import io.agentsafety.policy.Decision;
import io.agentsafety.sandbox.exec.ExecPolicyGate;
import io.agentsafety.sandbox.exec.PackageEcosystems;
import io.agentsafety.sandbox.exec.PlannedInstall;
import io.agentsafety.sandbox.exec.SandboxExecRequest;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Step 0 of the state machine, the policy check before anything is created or reserved, in two shapes
 * (infra/statemachine/README.md). Only the gate and the approval store are touched, never the sandbox backend.
 * <ul>
 *   <li>the {@code /sandbox/exec} request → {@code {"approvals":[{"action_index","action_type","decision_id",
 *       "approval_id"?}]}}: the actions that need a human, each with the given approval that already covers it; a
 *       deny fails with {@code PolicyDenied}; nothing is created or used;</li>
 *   <li>{@code {"request", "action_index", "task_token"}} (the {@code .waitForTaskToken} task) → the approval request
 *       for that action, created with the token: approving it sends {@code SendTaskSuccess}, denying it or letting it
 *       expire {@code SendTaskFailure}. Output {@code {"approval_id","decision_id","approval_expires_at"}}.</li>
 * </ul>
 */
public class SandboxGateStep extends MicronautRequestHandler<JsonNode, JsonNode> {

    private static final Set<String> AWAIT_FIELDS = Set.of("request", "action_index", "task_token");
    /** Step Functions task tokens are at most 1024 characters; the approval store accepts 2048. */
    private static final int MAX_TASK_TOKEN = 2048;

    public SandboxGateStep() {
    }

    public SandboxGateStep(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    public JsonNode execute(JsonNode input) {
        try {
            if (input == null || !input.isObject()) {
                throw ProblemException.invalid("body", "must be a JSON object");
            }
            return step(input);
        } catch (RuntimeException e) {
            throw DirectInvokeErrors.of(e, getApplicationContext());
        }
    }

    private JsonNode step(JsonNode input) {
        ExecPolicyGate gate = getApplicationContext().getBean(ExecPolicyGate.class);
        PackageEcosystems ecosystems = getApplicationContext().getBean(PackageEcosystems.class);
        if (input.get("task_token") == null) {
            SandboxExecRequest request = SandboxExecRequest.from(input, ecosystems);
            return tree(Map.of("approvals", gate.plan(request, PlannedInstall.plan(request.packages(), ecosystems))));
        }
        JsonFields f = JsonFields.of(input).allowOnly(AWAIT_FIELDS);
        String token = f.requiredString("task_token", MAX_TASK_TOKEN);
        Long index = f.optionalLong("action_index", 0, 10_000);
        if (!f.has("action_index")) {
            f.error("action_index", "is required");
        }
        JsonNode body = f.raw("request");
        if (body == null || !body.isObject()) {
            f.error("request", "must be the /sandbox/exec request (a JSON object)");
        }
        f.validate();
        SandboxExecRequest request = SandboxExecRequest.from(body, ecosystems);
        Decision decision = gate.requestApproval(request, PlannedInstall.plan(request.packages(), ecosystems), index.intValue(), token);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approval_id", decision.approvalId());
        out.put("decision_id", decision.decisionId());
        out.put("approval_expires_at", decision.approvalExpiresAt());
        return tree(out);
    }

    private JsonNode tree(Object value) {
        try {
            return getApplicationContext().getBean(JsonMapper.class).writeValueToTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the gate's answer", e);
        }
    }
}
