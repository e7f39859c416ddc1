package io.agentsafety.sandbox.exec;

import io.agentsafety.audit.AuditedPolicyGate;
import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.Decision;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command and every package install of a request through the policy gate, in process, before anything is
 * created: a command is an {@code execute_code} action; an install is an {@code execute_code} action of the exact
 * command line that will run, plus a {@code network_access} action per registry host of its ecosystem (so
 * installs follow the operator's network allowlist). All decisions are made (the caller sees every reason), then
 * any deny refuses the request, else any require-approval does. Each decision is recorded in the audit trail.
 */
@Singleton
public class ExecPolicyGate {

    private final AuditedPolicyGate engine;

    public ExecPolicyGate(AuditedPolicyGate engine) {
        this.engine = engine;
    }

    /** The decisions, all allowing; or a {@link SandboxRefusal} (403) carrying the ones that did not. */
    public List<Decision> check(String runId, List<String> commands, List<PlannedInstall> installs) {
        List<Decision> decisions = new ArrayList<>();
        for (PlannedInstall install : installs) {
            for (String host : install.ecosystem().registryHosts()) {
                decisions.add(engine.check(action("network_access", Map.of("url", "https://" + host + "/",
                    "description", install.ecosystem().name() + " install from its registry"), runId)));
            }
            decisions.add(engine.check(action("execute_code", Map.of("command", install.command()), runId)));
        }
        for (String command : commands) {
            decisions.add(engine.check(action("execute_code", Map.of("command", command), runId)));
        }
        List<String> ids = decisions.stream().map(Decision::decisionId).toList();
        List<Decision> denied = decisions.stream().filter(d -> "deny".equals(d.verdict())).toList();
        if (!denied.isEmpty()) {
            throw SandboxRefusal.policy("policy_denied", denied.size() + " of " + decisions.size()
                + " actions are denied by policy: " + denied.get(0).reason() + "; nothing was created or reserved", denied, null, ids);
        }
        List<Decision> approval = decisions.stream().filter(Decision::requiresApproval).toList();
        if (!approval.isEmpty()) {
            throw SandboxRefusal.policy("approval_required", approval.size() + " of " + decisions.size()
                    + " actions need human approval: " + approval.get(0).reason() + "; nothing was created or reserved",
                approval, new SandboxRefusal.Approval(true, approval.stream().map(Decision::decisionId).toList(),
                    approval.get(0).reason()), ids);
        }
        return decisions;
    }

    private static JsonFields action(String type, Map<String, String> params, String runId) {
        Map<String, JsonNode> paramNodes = new LinkedHashMap<>();
        params.forEach((k, v) -> paramNodes.put(k, JsonNode.createStringNode(v)));
        Map<String, JsonNode> request = new LinkedHashMap<>();
        request.put("action_type", JsonNode.createStringNode(type));
        request.put("params", JsonNode.createObjectNode(paramNodes));
        request.put("run_id", JsonNode.createStringNode(runId));
        request.put("actor", JsonNode.createStringNode("sandbox-exec"));
        return JsonFields.of(JsonNode.createObjectNode(request));
    }
}
