package io.agentsafety.sandbox.exec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of a safe execute: per-command results in order (installs first), the sandbox that ran them (already
 * killed), the policy decisions that allowed them, the committed cost and what is left of the run's budget.
 *
 * @param stopped true when a failing command ended the batch early ({@code stop_on_error})
 */
@Serdeable
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
public record SandboxExecResponse(
    List<CommandResult> results,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, types = {"string", "null"}) @JsonProperty("sandbox_id") String sandboxId,
    String backend,
    @JsonProperty("decision_ids") List<String> decisionIds,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, types = {"number", "null"}) BigDecimal cost,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, types = {"number", "null"}) @JsonProperty("budget_remaining") BigDecimal budgetRemaining,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, types = {"string", "null"}) String currency,
    boolean stopped) {
}
