package io.agentsafety.audit;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.metrics.Dimension;
import io.agentsafety.core.metrics.InvocationMetrics;
import io.agentsafety.core.metrics.MetricNames;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.Decision;
import io.agentsafety.policy.PolicyEngine;
import io.agentsafety.policy.Verdict;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Map;

/**
 * The one place where a policy decision is recorded — by policy-check (HTTP and direct invokes) and by safe
 * execute (one decision per command and install) alike: the
 * gate decides, the decision and the (redacted) action parameters are appended to the audit trail, and
 * the decision is returned. An unwritable audit never turns a refusal into anything else; in strict mode
 * ({@code safety.audit.required}) it turns an allow into a 503. Invalid requests (400) decide nothing
 * and are not recorded. Each recorded decision also counts in the {@code Decisions} metric by verdict and action type.
 */
@Singleton
@Requires(classes = PolicyEngine.class)
public class AuditedPolicyGate {

    private final PolicyEngine engine;
    private final AuditLog audit;
    private final AuditRequirement requirement;
    private final InvocationMetrics metrics;

    public AuditedPolicyGate(PolicyEngine engine, AuditLog audit, AuditRequirement requirement, InvocationMetrics metrics) {
        this.engine = engine;
        this.audit = audit;
        this.requirement = requirement;
        this.metrics = metrics;
    }

    /** Decides, records, and (strict mode) refuses an allow that could not be recorded with a 503. */
    public Decision check(JsonFields request) {
        return record(request, engine.check(request));
    }

    /** The policy's verdict without the approval gate ({@link PolicyEngine#evaluate}); not recorded: {@link #record} the final one. */
    public Decision evaluate(JsonFields request) {
        return engine.evaluate(request);
    }

    /**
     * Records {@code decision} (made for {@code request}) as {@link #check} does, and returns it; strict mode refuses an
     * allow that could not be recorded with a 503.
     */
    public Decision record(JsonFields request, Decision decision) {
        JsonNode params = request.raw("params");
        JsonNode metadata = request.raw("metadata");
        AuditWrite write = audit.append(AuditEntry.of(AuditType.POLICY_DECISION)
            .decisionId(decision.decisionId())
            .approvalId(decision.approvalId())
            .runId(decision.runId())
            .actor(decision.actor())
            .verdict(decision.verdict())
            .rules(decision.matchedRules().stream().map(Decision.MatchedRule::id).toList())
            .params(params == null ? Map.of() : Map.of("action_type", decision.actionType(), "params", params))
            .detail(metadata == null
                ? Map.of("risk_level", decision.riskLevel(), "reason", decision.reason())
                : Map.of("risk_level", decision.riskLevel(), "reason", decision.reason(), "metadata", metadata))
            .build());
        count(decision);
        requirement.checkAllow(decision.allowed(), write);
        return decision;
    }

    // the dimensions only from the closed sets: a verdict or action type the enums do not know is "other"
    private void count(Decision decision) {
        String verdict = Arrays.stream(Verdict.values()).map(Verdict::wireName).filter(v -> v.equals(decision.verdict()))
            .findFirst().orElse(Dimension.OTHER);
        String actionType = ActionType.parse(decision.actionType()).map(ActionType::wireName).orElse(Dimension.OTHER);
        metrics.count(MetricNames.DECISIONS, 1, Dimension.of("Verdict", verdict), Dimension.of("ActionType", actionType));
    }
}
