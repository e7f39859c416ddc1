package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /budget/release} (BudgetApi#release); unknown keys are refused. */
public record BudgetReleaseRequest(
    @JsonProperty("reservation_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "as answered by /budget/reserve") String reservationId) {
}
