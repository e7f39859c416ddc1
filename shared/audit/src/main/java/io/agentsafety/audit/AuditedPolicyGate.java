package io.agentsafety.audit;

import io.agentsafety.core.JsonFields;
import io.agentsafety.core.metrics.Dimension;
import io.agentsafety.core.metrics.InvocationMetrics;
import io.agentsafety.core.metrics.MetricNames;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.Decision;
import io.agentsafety.policy.PolicyCheck;
import io.agentsafety.policy.PolicyEngine;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

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

    /** Binds the request once ({@link PolicyEngine#bind}: a 400 decides nothing and is not recorded), then {@link #check(PolicyCheck)}. */
    public Decision check(JsonFields request) {
        return check(engine.bind(request));
    }

    /**
     * Decides, records, and (strict mode) refuses an allow that could not be recorded with a 503. An approval's
     * transition entry made while deciding is sent with the decision's entry, one wait for both ({@link AuditBatch}).
     */
    public Decision check(PolicyCheck check) {
        try (AuditBatch batch = audit.openBatch()) {
            return record(check, engine.check(check));
        }
    }

    /** The policy's verdict without the approval gate ({@link PolicyEngine#evaluate}); not recorded: {@link #record} the final one. */
    public Decision evaluate(PolicyCheck check) {
        return engine.evaluate(check);
    }

    /**
     * Records {@code decision} (made for {@code check}) as {@link #check} does, and returns it; strict mode refuses an
     * allow that could not be recorded with a 503.
     */
    public Decision record(PolicyCheck check, Decision decision) {
        JsonNode metadata = check.metadata();
        String risk = decision.riskLevel().wireName();
        AuditWrite write = audit.append(AuditEntry.of(AuditType.POLICY_DECISION)
            .decisionId(decision.decisionId())
            .approvalId(decision.approvalId())
            .runId(decision.runId())
            .actor(decision.actor())
            .verdict(decision.verdict().wireName())
            .rules(decision.matchedRules().stream().map(Decision.MatchedRule::id).toList())
            .params(Map.of("action_type", decision.actionType(), "params", check.params()))
            .detail(metadata == null
                ? Map.of("risk_level", risk, "reason", decision.reason())
                : Map.of("risk_level", risk, "reason", decision.reason(), "metadata", metadata))
            .build());
        count(check.type(), decision);
        requirement.checkAllow(decision.allowed(), write);
        return decision;
    }

    // the dimensions from the closed sets only: the enums' wire names
    private void count(ActionType type, Decision decision) {
        metrics.count(MetricNames.DECISIONS, 1, Dimension.of("Verdict", decision.verdict().wireName()),
            Dimension.of("ActionType", type.wireName()));
    }
}
