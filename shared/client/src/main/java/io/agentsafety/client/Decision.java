package io.agentsafety.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The gate's answer for one proposed action.
 *
 * @param verdict          {@code allow}, {@code deny} or {@code require_approval}
 * @param riskLevel        {@code low}, {@code medium}, {@code high} or {@code critical}
 * @param matchedRules     the rules behind the verdict, with redacted evidence
 * @param approvalId       set with {@code require_approval} when the service created an approval request
 */
@Serdeable
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
    @JsonProperty("evaluated_at") String evaluatedAt,
    @JsonProperty("approval_id") String approvalId,
    @JsonProperty("approval_expires_at") String approvalExpiresAt) {

    public Decision {
        matchedRules = matchedRules == null ? List.of() : List.copyOf(matchedRules);
    }

    /** One rule that matched: its id, what it means, the (redacted) evidence, and its own verdict and risk. */
    @Serdeable
    public record MatchedRule(String id, String description, String evidence, String verdict, String risk) {
    }

    public boolean isDenied() {
        return "deny".equals(verdict);
    }
}
