package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/** The body of {@code POST /budget/commit} (BudgetApi#commit); unknown keys are refused. */
public record BudgetCommitRequest(
    @JsonProperty("reservation_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "as answered by /budget/reserve") String reservationId,
    @JsonProperty("actual_amount") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"number", "string"}, description = "the actual cost, 0 allowed, " + ApiSchemas.AMOUNT) BigDecimal actualAmount,
    @JsonProperty("allow_overrun") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "record the cost even past the limit (answered as overrun)") Boolean allowOverrun) {
}
