package io.agentsafety.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

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
    String verdict,
    @JsonProperty("risk_level") String riskLevel,
    String reason,
    @JsonProperty("matched_rules") List<MatchedRule> matchedRules,
    @JsonProperty("run_id") String runId,
    String actor,
    @JsonProperty("evaluated_at") String evaluatedAt) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MatchedRule(String id, String description, String evidence, String verdict, String risk) {
    }
}
