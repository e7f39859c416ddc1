package io.agentsafety.approvals.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /approvals/{id}/approve} and {@code /deny} (VerdictRequest); unknown keys are refused. */
public record VerdictBody(
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "required unless an API Gateway authorizer names the caller (then it is the caller)") String approver,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String comment) {
}
