package io.agentsafety.policy.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** The body of {@code POST /check} (PolicyEngine): one proposed action; unknown keys are refused. */
public record PolicyCheckRequest(
    @JsonProperty("action_type") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"execute_code", "deploy", "create_billing", "delete_files", "network_access"},
        description = "snake_case; upper-case enum names are accepted too") String actionType,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the action's parameters; the known keys depend on action_type (execute_code: command, code, language, sql, "
        + "shell, cwd, env, timeout_seconds, description; delete_files: paths, path, recursive, force, cwd; network_access: url, host, "
        + "port, method, protocol, description; create_billing: amount, currency, customer, description, idempotency_key; deploy: "
        + "environment, target, version, ref, service, strategy, description); unknown keys are refused") Map<String, Object> params,
    @JsonProperty("run_id") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = ApiSchemas.ID_PATTERN) String runId,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 256) String actor,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "free-form, recorded with the decision") Map<String, Object> metadata,
    @JsonProperty("approval_id") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 64, description = "an approved request for exactly this action and run") String approvalId,
    @JsonProperty("task_token") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 2048, description = "a Step Functions task token to resume when the approval is decided") String taskToken) {
}
