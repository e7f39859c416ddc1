package io.agentsafety.sandbox.exec;

import io.agentsafety.sandbox.Reconnectable;
import io.agentsafety.core.Money;
import io.agentsafety.core.ProblemException;
import io.agentsafety.redaction.RedactionOptions;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxBackend;
import io.agentsafety.sandbox.SandboxException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Safe execute split into Step Functions steps, for batches longer than one invocation: {@link #create} (policy,
 * budget, sandbox, files), {@link #run} (one step, extending the sandbox's lifetime first: keep-alive),
 * {@link #redact} and {@link #cleanup} (kill + settle; idempotent, meant for the state machine's {@code Catch}
 * as well as its happy path). The sandbox id and the reservation id travel in {@link BatchState}.
 */
@Singleton
public class SandboxSteps {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxSteps.class);

    private final SafeExecute safeExecute;
    private final BatchStart start;
    private final SandboxBudget budget;
    private final SandboxBackend backend;
    private final OutputRedaction redaction;
    private final SandboxExecSettings settings;
    private final SandboxAudit audit;
    private final SandboxSeconds seconds;

    SandboxSteps(SafeExecute safeExecute, BatchStart start, SandboxBudget budget, SandboxBackend backend,
                 OutputRedaction redaction, SandboxExecSettings settings, SandboxAudit audit, SandboxSeconds seconds) {
        this.safeExecute = safeExecute;
        this.start = start;
        this.budget = budget;
        this.backend = backend;
        this.redaction = redaction;
        this.settings = settings;
        this.audit = audit;
        this.seconds = seconds;
    }

    public BatchState create(SandboxExecRequest request) {
        BatchStart.Plan plan = start.plan(request);
        List<BatchStart.Step> steps = plan.steps();
        Sandbox sandbox = null;
        Instant created = null;
        try {
            // The lifetime covers the first step; each run step extends it (keep-alive), so an abandoned batch dies soon.
            Duration lifetime = steps.get(0).timeout().plus(settings.lifetimeSlack());
            sandbox = start.create(request, plan, lifetime, Instant.now().plus(plan.work()).plus(settings.lifetimeSlack()));
            created = Instant.now();
            start.upload(sandbox, request);
            BatchState state = new BatchState(request.runId(), sandbox.id(), backend.name(), plan.reservation().id(),
                plan.estimate(), created.toEpochMilli(), steps.stream().map(s -> new BatchState.PlannedStep(s.command(), s.kind(),
                    s.timeout().toMillis(), s.env())).toList(), 0, request.stopOnError(), request.env(), List.of(),
                plan.decisionIds(), false, false);
            sandbox = null; // handed over to the state machine: cleanup kills it
            return state;
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
            if (sandbox != null || created == null) {
                start.settleAfterFailure(plan.reservation(), created);
            }
        }
    }

    /** Runs the next step; the Lambda's deadline caps its timeout. */
    public BatchState run(BatchState state, Instant mustFinishBy) {
        if (state.done() || state.next() >= state.steps().size()) {
            return state;
        }
        if (!(backend instanceof Reconnectable reconnectable)) {
            throw ProblemException.unavailable("sandbox_reconnect_unsupported",
                "the " + backend.name() + " backend cannot resume a sandbox in a later invocation");
        }
        BatchState.PlannedStep planned = state.steps().get(state.next());
        BatchStart.Step step = new BatchStart.Step(planned.command(), planned.kind(), Duration.ofMillis(planned.timeoutMs()),
            merged(state.env(), planned.env()));
        Duration timeout = safeExecute.capped(step.timeout(), mustFinishBy);
        try {
            backend.setTimeout(state.sandboxId(), timeout.plus(settings.lifetimeSlack()));
            Sandbox sandbox = reconnectable.connect(state.sandboxId());
            ExecResult raw = safeExecute.run(sandbox, step, timeout, Math.min(settings.stepMaxOutputBytes(), settings.outputCap(1)));
            CommandResult result = safeExecute.redacted(step, raw, redaction.optionsFor(state.env()));
            boolean stop = result.failed() && (state.stopOnError() || "install".equals(step.kind()))
                && state.next() + 1 < state.steps().size();
            return state.after(result, stop);
        } catch (SandboxException e) {
            throw SandboxFailures.toProblem(e, null);
        }
    }

    /** Redacts every result again with the batch's env (idempotent; output was already redacted when it was run). */
    public BatchState redact(BatchState state) {
        RedactionOptions options = redaction.optionsFor(state.env());
        return state.withResults(state.results().stream().map(r -> new CommandResult(redaction.text(r.command(), options),
            r.kind(), r.exitCode(), r.stdoutEncoding() == null ? redaction.text(r.stdout(), options) : r.stdout(),
            r.stderrEncoding() == null ? redaction.text(r.stderr(), options) : r.stderr(), r.stdoutEncoding(), r.stderrEncoding(),
            r.durationMs(), r.timedOut(), r.truncated())).toList());
    }

    /** Kills the sandbox and settles the reservation with the time it was alive; safe to run twice. */
    public SandboxExecResponse cleanup(BatchState state) {
        if (state.sandboxId() != null) {
            try {
                backend.kill(state.sandboxId());
            } catch (SandboxException e) {
                LOG.warn("cleanup could not kill {} ({}); its lifetime and the sweeper end it", state.sandboxId(), e.kind());
            }
        }
        Duration alive = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - state.createdAtMs()));
        long cost = settings.costMicros(alive);
        SandboxBudget.Reservation reservation = new SandboxBudget.Reservation(state.reservationId(), state.runId(),
            state.reservedMicros());
        java.math.BigDecimal costOut = null;
        java.math.BigDecimal remaining = null;
        String currency = null;
        try {
            SandboxBudget.Settled settled = budget.commit(reservation, cost);
            costOut = Money.toDecimal(settled.costMicros());
            remaining = settled.remainingMicros() == null ? null : Money.toDecimal(settled.remainingMicros());
            currency = settled.currency();
            if (state.sandboxId() != null) {
                seconds.alive(alive);
                // a budgeted batch is recorded once: a second cleanup finds the reservation settled
                audit.record(new SandboxAudit.Execution(state.runId(), state.sandboxId(), state.backend(), state.reservationId(),
                    state.decisionIds(), state.results(), state.steps().size(), cost, state.stopped(), null));
            }
        } catch (IllegalStateException alreadySettled) {
            LOG.info("cleanup of {}: reservation {} was already settled", state.sandboxId(), state.reservationId());
        }
        return new SandboxExecResponse(redact(state).results(), state.sandboxId(), state.backend(), state.decisionIds(), costOut,
            remaining, currency, state.stopped());
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> extra) {
        Map<String, String> out = new LinkedHashMap<>(base);
        if (extra != null) {
            out.putAll(extra);
        }
        return out;
    }
}
