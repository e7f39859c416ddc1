package io.agentsafety.functions.policy;

import io.agentsafety.audit.AuditEntry;
import io.agentsafety.audit.AuditLog;
import io.agentsafety.audit.AuditRequirement;
import io.agentsafety.audit.AuditType;
import io.agentsafety.audit.AuditWrite;
import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.Decision;
import io.agentsafety.policy.PolicyEngine;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The one place where a decision of this function is recorded, for HTTP and direct invokes alike: the
 * gate decides, the decision and the (redacted) action parameters are appended to the audit trail, and
 * the decision is returned. An unwritable audit never turns a refusal into anything else; in strict mode
 * ({@code safety.audit.required}) it turns an allow into a 503. Invalid requests (400) decide nothing
 * and are not recorded.
 */
@Singleton
class AuditedPolicyGate {

    private final PolicyEngine engine;
    private final AuditLog audit;
    private final AuditRequirement requirement;

    AuditedPolicyGate(PolicyEngine engine, AuditLog audit, AuditRequirement requirement) {
        this.engine = engine;
        this.audit = audit;
        this.requirement = requirement;
    }

    Decision check(JsonFields request) {
        Decision decision = engine.check(request);
        JsonNode params = request.raw("params");
        JsonNode metadata = request.raw("metadata");
        AuditWrite write = audit.append(AuditEntry.of(AuditType.POLICY_DECISION)
            .decisionId(decision.decisionId())
            .runId(decision.runId())
            .actor(decision.actor())
            .verdict(decision.verdict())
            .rules(decision.matchedRules().stream().map(Decision.MatchedRule::id).toList())
            .params(params == null ? Map.of() : Map.of("action_type", decision.actionType(), "params", params))
            .detail(metadata == null
                ? Map.of("risk_level", decision.riskLevel(), "reason", decision.reason())
                : Map.of("risk_level", decision.riskLevel(), "reason", decision.reason(), "metadata", metadata))
            .build());
        requirement.checkAllow(decision.allowed(), write);
        return decision;
    }
}
