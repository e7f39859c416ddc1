package io.agentsafety.sandbox.exec;

import io.agentsafety.core.Money;
import io.agentsafety.redaction.RedactionOptions;
import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxBackend;
import io.agentsafety.sandbox.SandboxException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Safe execute: policy → budget → sandbox → redaction → settlement, with the sandbox killed on every path.
 * <ol>
 *   <li>every command and install through the policy gate; a refusal is a 403 and nothing exists yet;</li>
 *   <li>the estimate reserved in the run's budget; a refusal is a 402 and still nothing exists;</li>
 *   <li>the sandbox created and tagged ({@code agent-safety}, {@code run_id}, {@code deadline}), files uploaded,
 *       installs then commands run in order, each capped by the caller's deadline minus the cleanup reserve;</li>
 *   <li>output redacted (with the request's env values as known secrets);</li>
 *   <li>the sandbox killed, then the measured cost committed (the rest of the reservation goes back).</li>
 * </ol>
 */
@Singleton
public class SafeExecute {

    public static final String TAG = io.agentsafety.sandbox.SandboxSweeper.TAG;
    private static final Logger LOG = LoggerFactory.getLogger(SafeExecute.class);
    /** The least time worth starting a command with; below it the batch stops instead. */
    private static final Duration MIN_COMMAND_TIME = Duration.ofMillis(100);

    private final BatchStart start;
    private final SandboxBudget budget;
    private final SandboxBackend backend;
    private final OutputRedaction redaction;
    private final SandboxExecSettings settings;
    private final SandboxAudit audit;
    private final SandboxSeconds seconds;

    SafeExecute(BatchStart start, SandboxBudget budget, SandboxBackend backend, OutputRedaction redaction,
                SandboxExecSettings settings, SandboxAudit audit, SandboxSeconds seconds) {
        this.start = start;
        this.budget = budget;
        this.backend = backend;
        this.redaction = redaction;
        this.settings = settings;
        this.audit = audit;
        this.seconds = seconds;
    }

    public SandboxBackend backend() {
        return backend;
    }

    /**
     * @param mustFinishBy when the caller's own time ends (a Lambda's deadline), null = no bound but the timeouts;
     *                     commands are cut so that the sandbox is killed and the cost committed before it
     */
    public SandboxExecResponse execute(SandboxExecRequest request, Instant mustFinishBy) {
        BatchStart.Plan plan = start.plan(request);
        List<BatchStart.Step> steps = plan.steps();
        Duration work = plan.work();
        long estimate = plan.estimate();
        SandboxBudget.Reservation reservation = plan.reservation();

        Instant created = null;
        Sandbox sandbox = null;
        String sandboxId = null;
        boolean settled = false;
        List<CommandResult> results = new ArrayList<>();
        try {
            Duration lifetime = work.plus(settings.lifetimeSlack());
            Instant deadline = Instant.now().plus(lifetime);
            if (mustFinishBy != null && mustFinishBy.plus(settings.lifetimeSlack()).isBefore(deadline)) {
                deadline = mustFinishBy.plus(settings.lifetimeSlack());
                lifetime = Duration.between(Instant.now(), deadline);
            }
            sandbox = start.create(request, plan, lifetime, deadline);
            created = Instant.now();
            sandboxId = sandbox.id();
            start.upload(sandbox, request);
            RedactionOptions options = redaction.optionsFor(request.env());
            int cap = settings.outputCap(steps.size());
            boolean stopped = false;
            for (int i = 0; i < steps.size(); i++) {
                BatchStart.Step step = steps.get(i);
                Duration timeout = capped(step.timeout(), mustFinishBy);
                if (timeout.compareTo(MIN_COMMAND_TIME) < 0) {
                    stopped = true;
                    break;
                }
                ExecResult raw = run(sandbox, step, timeout, cap);
                CommandResult result = redacted(step, raw, options);
                results.add(result);
                if (result.failed() && (request.stopOnError() || "install".equals(step.kind())) && i < steps.size() - 1) {
                    stopped = true;
                    break;
                }
            }
            Sandbox done = sandbox;
            sandbox = null;
            done.close();
            Duration alive = Duration.between(created, Instant.now());
            long cost = settings.costMicros(alive);
            SandboxBudget.Settled after = budget.commit(reservation, cost);
            settled = true;
            seconds.alive(alive);
            LOG.info("safe execute run_id={} sandbox={} steps={}/{} stopped={} cost_micros={} reserved_micros={}",
                request.runId(), sandboxId, results.size(), steps.size(), stopped, cost, estimate);
            audit.record(new SandboxAudit.Execution(request.runId(), sandboxId, backend.name(), reservation.id(),
                plan.decisionIds(), results, steps.size(), cost, stopped, null));
            return new SandboxExecResponse(results, sandboxId, backend.name(), plan.decisionIds(), Money.toDecimal(after.costMicros()),
                after.remainingMicros() == null ? null : Money.toDecimal(after.remainingMicros()), after.currency(), stopped);
        } catch (RuntimeException e) {
            if (sandboxId != null && !settled) {
                audit.record(new SandboxAudit.Execution(request.runId(), sandboxId, backend.name(), reservation.id(),
                    plan.decisionIds(), results, steps.size(), null, true, SandboxFailures.describe(e)));
            }
            throw e;
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
            if (!settled) {
                start.settleAfterFailure(reservation, created);
            }
        }
    }

    ExecResult run(Sandbox sandbox, BatchStart.Step step, Duration timeout, int cap) {
        try {
            return sandbox.run(new ExecRequest(step.command(), null, step.env(), timeout, cap));
        } catch (SandboxException e) {
            throw SandboxFailures.toProblem(e, null);
        }
    }

    CommandResult redacted(BatchStart.Step step, ExecResult raw, RedactionOptions options) {
        OutputRedaction.Redacted out = redaction.output(raw.stdout(), raw.truncated(), options);
        OutputRedaction.Redacted err = redaction.output(raw.stderr(), raw.truncated(), options);
        return new CommandResult(redaction.text(step.command(), options), step.kind(), raw.exitCode(), out.value(), err.value(),
            out.encoding(), err.encoding(), raw.durationMs(), raw.timedOut(), raw.truncated());
    }

    /** The step's timeout, shortened so the caller's deadline still leaves the cleanup reserve. */
    Duration capped(Duration timeout, Instant mustFinishBy) {
        if (mustFinishBy == null) {
            return timeout;
        }
        Duration left = Duration.between(Instant.now(), mustFinishBy.minus(settings.cleanupReserve()));
        return left.compareTo(timeout) < 0 ? left : timeout;
    }
}
