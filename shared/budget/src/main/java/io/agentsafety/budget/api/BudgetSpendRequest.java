package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/** The body of {@code POST /budget/spend} (BudgetApi#spend); unknown keys are refused. */
public record BudgetSpendRequest(
    @JsonProperty("run_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ApiSchemas.ID_PATTERN) String runId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"number", "string"}, description = "greater than zero, " + ApiSchemas.AMOUNT) BigDecimal amount,
    @JsonProperty("idempotency_key") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = "^[\\x21-\\x7e]{1,255}$", description = "the same key with the same parameters replays the first answer (Idempotent-Replayed: true)") String idempotencyKey,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 1000) String description,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "check and spend atomically: 402 when the amount does not fit") Boolean enforce) {
}
