package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/** The body of {@code POST /budget/reserve} (BudgetApi#reserve); unknown keys are refused. */
public record BudgetReserveRequest(
    @JsonProperty("run_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ApiSchemas.ID_PATTERN) String runId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"number", "string"}, description = "the estimate, greater than zero, " + ApiSchemas.AMOUNT) BigDecimal amount,
    @JsonProperty("ttl_seconds") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "1", description = "at most safety.budget.reservation.max-ttl-seconds") Long ttlSeconds,
    @JsonProperty("idempotency_key") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = "^[\\x21-\\x7e]{1,255}$") String idempotencyKey) {
}
