package io.agentsafety.sandbox.exec;

import io.agentsafety.audit.AuditEntry;
import io.agentsafety.audit.AuditLog;
import io.agentsafety.audit.AuditType;
import io.agentsafety.core.Money;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code sandbox_execution} audit entry per sandbox that existed: verdict {@code completed} (every planned
 * step ran), {@code stopped} (a failure or the deadline ended the batch early) or {@code failed} (an error after
 * the sandbox was created). The entry holds the (already redacted) command lines with exit codes, flags and
 * durations, never their output; the policy decisions that allowed them are entries of their own.
 */
@Singleton
public class SandboxAudit {

    private final AuditLog audit;

    public SandboxAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** What one execution did; {@code error} is the failure's class or problem code, null on success. */
    public record Execution(String runId, String sandboxId, String backend, String reservationId, List<String> decisionIds,
                            List<CommandResult> results, int plannedSteps, Long costMicros, boolean stopped, String error) {
    }

    public void record(Execution execution) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (CommandResult result : execution.results()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("kind", result.kind());
            step.put("command", result.command());
            step.put("exit_code", result.exitCode());
            step.put("duration_ms", result.durationMs());
            step.put("timed_out", result.timedOut());
            step.put("truncated", result.truncated());
            steps.add(step);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sandbox_id", execution.sandboxId());
        params.put("backend", execution.backend());
        params.put("steps", steps);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("planned_steps", execution.plannedSteps());
        detail.put("decision_ids", execution.decisionIds());
        if (execution.costMicros() != null) {
            detail.put("cost", Money.toDecimal(execution.costMicros()).toPlainString());
        }
        if (execution.error() != null) {
            detail.put("error", execution.error());
        }
        String verdict = execution.error() != null ? "failed" : execution.stopped() ? "stopped" : "completed";
        audit.append(AuditEntry.of(AuditType.SANDBOX_EXECUTION)
            .runId(execution.runId())
            .reservationId(execution.reservationId())
            .verdict(verdict)
            .params(params)
            .detail(detail)
            .build());
    }
}
