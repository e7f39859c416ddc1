package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /budget/create} (BudgetApi#create); unknown keys are refused. */
public record BudgetCreateRequest(
    @JsonProperty("run_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ApiSchemas.ID_PATTERN, description = "the run's id; must not look like a secret") String runId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"number", "string"}, description = "the limit, " + ApiSchemas.AMOUNT + "; 0 allowed") BigDecimal limit,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = "^[A-Za-z]{3}$", defaultValue = "USD") String currency,
    @JsonProperty("ttl_seconds") @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "60", maximum = "2592000", description = "default: safety.budget.ttl-seconds") Long ttlSeconds,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "at most 10 items: fractions of the limit that raise a threshold event; default [0.5, 0.8, 0.9, 1]") List<BigDecimal> thresholds,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "at most 50 string values (values at most 1024 characters), stored redacted") Map<String, String> metadata) {
}
