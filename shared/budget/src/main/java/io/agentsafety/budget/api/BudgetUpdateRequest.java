package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/** The body of {@code PATCH /budget/{run_id}} (BudgetApi#update): limit and/or circuit_open; unknown keys are refused. */
public record BudgetUpdateRequest(
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, types = {"number", "string"}, description = "the new limit, " + ApiSchemas.AMOUNT) BigDecimal limit,
    @JsonProperty("circuit_open") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "false closes the breaker, true opens it") Boolean circuitOpen) {
}
