package io.agentsafety.approvals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.policy.Decision;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An approval request as the API shows it. {@code action} is the canonical action with secrets redacted (what a
 * human reviews); {@code action_sha256} is the hash of the exact canonical action the agent sent, which a re-check
 * must match. The Step Functions task token is never shown, only whether there is one.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Approval(
    @JsonProperty("approval_id") String approvalId,
    String status,
    @JsonProperty("action_type") String actionType,
    @Schema(implementation = Object.class, types = "object", description = "the action as it was checked, redacted") JsonNode action,
    @JsonProperty("action_sha256") String actionSha256,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("run_id") String runId,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String actor,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("decision_id") String decisionId,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String reason,
    @JsonProperty("risk_level") String riskLevel,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("matched_rules") List<Decision.MatchedRule> matchedRules,
    @JsonProperty("required_approvers") int requiredApprovers,
    List<Vote> approvals,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Vote denial,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("expires_at") String expiresAt,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("decided_at") String decidedAt,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("expired_at") String expiredAt,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("used_at") String usedAt,
    int uses,
    @JsonProperty("single_use") boolean singleUse,
    @JsonProperty("has_task_token") boolean hasTaskToken,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("task_callback") String taskCallback) {

    /** One approver's verdict. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Vote(String approver, @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String comment, String at) {
    }
}
