package io.agentsafety.budget.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.core.api.ApiSchemas;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The 402 of spend (enforced), reserve and commit (BudgetRefusals): a problem document with the budget's status as
 * the extension member {@code budget} and, for a refused commit, the reservation that stays open.
 */
public record BudgetRefusal(
    String type,
    String title,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "402", maximum = "402") int status,
    String detail,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"insufficient_budget", "circuit_open"}) String code,
    BudgetStatus budget,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "commit only") OpenReservation reservation) {

    /** The reservation a refused commit leaves open. */
    public record OpenReservation(
        @JsonProperty("reservation_id") String reservationId,
        @JsonProperty("reserved_amount") java.math.BigDecimal reservedAmount,
        @JsonProperty("reservation_expires_at") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") String reservationExpiresAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "always true: the reservation can still be committed or released") boolean open) {
    }
}
