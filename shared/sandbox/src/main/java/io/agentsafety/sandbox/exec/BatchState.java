package io.agentsafety.sandbox.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state a Step Functions batch carries between the step handlers (create → run… → redact → cleanup). It holds
 * ids, the remaining plan and the results so far — results already redacted and capped
 * ({@code safety.sandbox.steps.max-output-bytes}) so that raw output never enters the execution history and the
 * state stays under Step Functions' 256 KB. {@code env} travels with it because a later invocation (possibly
 * another instance) passes it to each command and redacts with it; it is exactly what the execution's input held.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchState(
    @JsonProperty("run_id") String runId,
    @JsonProperty("sandbox_id") String sandboxId,
    String backend,
    @JsonProperty("reservation_id") String reservationId,
    @JsonProperty("reserved_micros") long reservedMicros,
    @JsonProperty("created_at_ms") long createdAtMs,
    List<PlannedStep> steps,
    int next,
    @JsonProperty("stop_on_error") boolean stopOnError,
    Map<String, String> env,
    List<CommandResult> results,
    @JsonProperty("decision_ids") List<String> decisionIds,
    boolean done,
    boolean stopped) {

    /** One install or command still to run (or already run: {@code next} says how far). */
    @Serdeable
    public record PlannedStep(String command, String kind, @JsonProperty("timeout_ms") long timeoutMs,
                              Map<String, String> env) {
    }

    public BatchState {
        steps = steps == null ? List.of() : List.copyOf(steps);
        env = env == null ? Map.of() : env;
        results = results == null ? List.of() : List.copyOf(results);
        decisionIds = decisionIds == null ? List.of() : List.copyOf(decisionIds);
    }

    BatchState after(CommandResult result, boolean stoppedNow) {
        List<CommandResult> more = new ArrayList<>(results);
        more.add(result);
        int n = next + 1;
        return new BatchState(runId, sandboxId, backend, reservationId, reservedMicros, createdAtMs, steps, n, stopOnError,
            env, more, decisionIds, stoppedNow || n >= steps.size(), stoppedNow);
    }

    BatchState withResults(List<CommandResult> redacted) {
        return new BatchState(runId, sandboxId, backend, reservationId, reservedMicros, createdAtMs, steps, next, stopOnError,
            env, redacted, decisionIds, done, stopped);
    }
}
