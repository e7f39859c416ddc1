package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;

/** The answer of {@code POST /budget/can-spend}: always 200, nothing changed. */
public record CanSpendResult(
    @JsonProperty("run_id") String runId,
    boolean allowed,
    BigDecimal remaining,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ok, or why not (e.g. insufficient_budget, circuit_open, budget_not_found)") String reason) {
}
