package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/** The body of {@code POST /budget/can-spend} (BudgetApi#canSpend); unknown keys are refused. */
public record BudgetCanSpendRequest(
    @JsonProperty("run_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ApiSchemas.ID_PATTERN) String runId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"number", "string"}, description = "greater than zero, " + ApiSchemas.AMOUNT) BigDecimal amount) {
}
