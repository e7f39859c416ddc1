package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The answer of {@code POST /budget/commit} and {@code /budget/release} (200): what was settled and the budget's status. */
public record SettlementResult(
    @JsonProperty("reservation_id") String reservationId,
    @JsonProperty("reserved_amount") BigDecimal reservedAmount,
    @JsonProperty("actual_amount") BigDecimal actualAmount,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "commits only: how far past the limit this commit went, 0 when it fit") BigDecimal overrun,
    @JsonProperty("run_id") String runId,
    BigDecimal limit,
    BigDecimal spent,
    BigDecimal reserved,
    BigDecimal remaining,
    String currency,
    boolean exceeded,
    @JsonProperty("circuit_open") boolean circuitOpen,
    List<BigDecimal> thresholds,
    @JsonProperty("thresholds_crossed") List<BigDecimal> thresholdsCrossed,
    @JsonProperty("spend_count") long spendCount,
    @JsonProperty("created_at") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") String createdAt,
    @JsonProperty("updated_at") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") String updatedAt,
    @JsonProperty("expires_at") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") String expiresAt,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Map<String, String> metadata) {
}
