package io.agentsafety.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

/** Whether an amount would fit now (nothing is recorded). {@code reason}: {@code ok}, {@code insufficient_budget},
 * {@code circuit_open} or {@code budget_not_found}. */
@Serdeable
public record CanSpend(@JsonProperty("run_id") String runId, boolean allowed, BigDecimal remaining, String reason) {
}
