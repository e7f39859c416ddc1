package io.agentsafety.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.util.List;

/**
 * A safe execution's outcome: one result per command that ran (in order), the sandbox that ran them (already
 * killed), the policy decisions that allowed them, the measured cost committed to the budget and what remains.
 */
@Serdeable
public record SandboxResult(List<CommandResult> results,
                            @JsonProperty("sandbox_id") String sandboxId,
                            String backend,
                            @JsonProperty("decision_ids") List<String> decisionIds,
                            BigDecimal cost,
                            @JsonProperty("budget_remaining") BigDecimal budgetRemaining) {

    public SandboxResult {
        results = results == null ? List.of() : List.copyOf(results);
        decisionIds = decisionIds == null ? List.of() : List.copyOf(decisionIds);
    }

    /** One command: exit code, redacted output, duration, and whether its timeout or the output cap cut it. */
    @Serdeable
    public record CommandResult(String command,
                                @JsonProperty("exit_code") int exitCode,
                                String stdout,
                                String stderr,
                                @JsonProperty("duration_ms") long durationMs,
                                @JsonProperty("timed_out") boolean timedOut,
                                boolean truncated) {
        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }
    }

    /** True when every command ran and exited 0. */
    public boolean succeeded() {
        return !results.isEmpty() && results.stream().allMatch(CommandResult::succeeded);
    }
}
