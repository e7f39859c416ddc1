package io.agentsafety.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A run's budget as the ledger holds it. Amounts are exact decimals. Reservation answers also carry
 * {@code reservationId}, {@code reservedAmount} and {@code reservationExpiresAt}; commits carry {@code actualAmount}.
 */
@Serdeable
public record BudgetStatus(
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
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt,
    @JsonProperty("expires_at") String expiresAt,
    Map<String, Object> metadata,
    @JsonProperty("reservation_id") String reservationId,
    @JsonProperty("reserved_amount") BigDecimal reservedAmount,
    @JsonProperty("actual_amount") BigDecimal actualAmount,
    @JsonProperty("reservation_expires_at") String reservationExpiresAt,
    /** Set by the client: the service answered from its idempotency record (a retry or a repeated key). */
    boolean replayed) {

    public BudgetStatus {
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        thresholdsCrossed = thresholdsCrossed == null ? List.of() : List.copyOf(thresholdsCrossed);
        metadata = metadata == null ? Map.of() : metadata;
    }

    BudgetStatus asReplayed(boolean value) {
        return new BudgetStatus(runId, limit, spent, reserved, remaining, currency, exceeded, circuitOpen, thresholds,
            thresholdsCrossed, spendCount, createdAt, updatedAt, expiresAt, metadata, reservationId, reservedAmount,
            actualAmount, reservationExpiresAt, value);
    }
}
