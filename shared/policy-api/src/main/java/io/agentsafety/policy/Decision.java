package io.agentsafety.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The gate's answer. {@code allowed} is true only when the action may proceed now without a human;
 * {@code requires_approval} implies {@code allowed=false}. Every rule that contributed is listed with
 * its evidence so the caller can see why (Cedar/OPA style: decisions explain themselves).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
    @JsonProperty("decision_id") String decisionId,
    @JsonProperty("action_type") String actionType,
    boolean allowed,
    @JsonProperty("requires_approval") boolean requiresApproval,
    Verdict verdict,
    @JsonProperty("risk_level") RiskLevel riskLevel,
    String reason,
    @JsonProperty("matched_rules") List<MatchedRule> matchedRules,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("run_id") String runId,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String actor,
    @JsonProperty("evaluated_at") String evaluatedAt,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("approval_id") String approvalId,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("approval_status") String approvalStatus,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("approval_expires_at") String approvalExpiresAt) {

    /** A decision no approval is attached to (yet). */
    public Decision(String decisionId, String actionType, boolean allowed, boolean requiresApproval, Verdict verdict,
                    RiskLevel riskLevel, String reason, List<MatchedRule> matchedRules, String runId, String actor,
                    String evaluatedAt) {
        this(decisionId, actionType, allowed, requiresApproval, verdict, riskLevel, reason, matchedRules, runId, actor,
            evaluatedAt, null, null, null);
    }

    /** This decision still waiting for a human: the approval request it is tied to. */
    public Decision awaiting(String approvalId, String approvalStatus, String approvalExpiresAt, List<MatchedRule> rules) {
        return new Decision(decisionId, actionType, false, true, verdict, riskLevel, reason, rules, runId, actor,
            evaluatedAt, approvalId, approvalStatus, approvalExpiresAt);
    }

    /** This decision satisfied by a granted approval: the action may proceed now. */
    public Decision approvedBy(String approvalId, String approvalStatus, String approvalExpiresAt, String reason,
                               List<MatchedRule> rules) {
        return new Decision(decisionId, actionType, true, false, Verdict.ALLOW, riskLevel, reason, rules, runId,
            actor, evaluatedAt, approvalId, approvalStatus, approvalExpiresAt);
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MatchedRule(String id, String description, @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String evidence, Verdict verdict, RiskLevel risk) {
    }
}
