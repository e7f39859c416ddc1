package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of GET /api/v1/safety/budgets: each budget as GET /budget/{run_id} answers it; null next_cursor = the end. */
public record BudgetPage(
    List<BudgetStatus> budgets,
    @JsonProperty("next_cursor") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"string", "null"},
        description = "pass as cursor for the next page; null when there is none") String nextCursor) {
}
