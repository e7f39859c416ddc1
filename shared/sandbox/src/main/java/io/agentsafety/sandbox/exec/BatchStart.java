package io.agentsafety.sandbox.exec;

import io.agentsafety.policy.Decision;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxBackend;
import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxSpec;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What both ways of running a batch do before and after the commands, in one place: {@link SafeExecute} (one
 * invocation) and {@link SandboxSteps} (one state-machine step each). Policy and budget come first, so a refusal
 * leaves nothing behind; the sandbox is created tagged for the sweeper; a sandbox that existed is paid for even when
 * the batch failed, and a reservation whose sandbox never existed is given back whole.
 */
@Singleton
class BatchStart {

    private static final Logger LOG = LoggerFactory.getLogger(BatchStart.class);

    private final ExecPolicyGate gate;
    private final SandboxBudget budget;
    private final SandboxBackend backend;
    private final PackageEcosystems ecosystems;
    private final EgressPlanner egress;
    private final SandboxExecSettings settings;
    private final SandboxSeconds seconds;

    BatchStart(ExecPolicyGate gate, SandboxBudget budget, SandboxBackend backend, PackageEcosystems ecosystems,
               EgressPlanner egress, SandboxExecSettings settings, SandboxSeconds seconds) {
        this.gate = gate;
        this.budget = budget;
        this.backend = backend;
        this.ecosystems = ecosystems;
        this.egress = egress;
        this.settings = settings;
        this.seconds = seconds;
    }

    /** One planned step: an install or a command, with its own timeout and extra environment. */
    record Step(String command, String kind, Duration timeout, Map<String, String> env) {
    }

    /** A batch that passed the policy gate and holds a reservation of its estimate. */
    record Plan(List<Decision> decisions, List<Step> steps, Duration work, long estimate, SandboxBudget.Reservation reservation) {

        List<String> decisionIds() {
            return decisions.stream().map(Decision::decisionId).toList();
        }
    }

    /** Every command and install through the policy gate (403), then the estimate reserved (402): nothing exists yet. */
    Plan plan(SandboxExecRequest request) {
        List<PlannedInstall> installs = PlannedInstall.plan(request.packages(), ecosystems);
        List<Decision> decisions = gate.check(request, installs);
        List<Step> steps = steps(request, installs);
        Duration work = steps.stream().map(Step::timeout).reduce(Duration.ZERO, Duration::plus);
        long estimate = request.estimatedCostMicros() != null ? request.estimatedCostMicros() : settings.costMicros(work);
        SandboxBudget.Reservation reservation = budget.reserve(request.runId(), estimate,
            work.plus(settings.lifetimeSlack()).toSeconds() + 1);
        return new Plan(decisions, steps, work, estimate, reservation);
    }

    private List<Step> steps(SandboxExecRequest request, List<PlannedInstall> installs) {
        List<Step> steps = new ArrayList<>();
        for (PlannedInstall install : installs) {
            steps.add(new Step(install.command(), "install", settings.installTimeout(), install.env()));
        }
        for (String command : request.commands()) {
            steps.add(new Step(command, "command", Duration.ofMillis(request.timeoutMs()), Map.of()));
        }
        return steps;
    }

    /** Creates the sandbox, tagged for the sweeper ({@code agent-safety}, {@code run_id}, {@code deadline}, the reservation). */
    Sandbox create(SandboxExecRequest request, Plan plan, Duration lifetime, Instant deadline) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SafeExecute.TAG, "1");
        metadata.put("run_id", request.runId());
        metadata.put("deadline", deadline.toString());
        if (plan.reservation().id() != null) {
            metadata.put("reservation_id", plan.reservation().id());
        }
        try {
            return backend.create(new SandboxSpec(request.template() != null ? request.template() : settings.defaultTemplate(),
                lifetime, request.env(), metadata, deadline, egress.egress()));
        } catch (SandboxException e) {
            throw SandboxFailures.toProblem(e, "template");
        }
    }

    /** The request's files, in order; a failed upload is a problem naming the file's index. */
    void upload(Sandbox sandbox, SandboxExecRequest request) {
        for (int i = 0; i < request.files().size(); i++) {
            SandboxExecRequest.FileUpload file = request.files().get(i);
            try {
                sandbox.upload(file.path(), file.content());
            } catch (SandboxException e) {
                throw SandboxFailures.toProblem(e, "files[" + i + "].path");
            }
        }
    }

    /** After a failure: a sandbox that existed cost money, so its time is committed; else everything goes back. */
    void settleAfterFailure(SandboxBudget.Reservation reservation, Instant created) {
        if (created == null) {
            budget.releaseQuietly(reservation);
            return;
        }
        Duration alive = Duration.between(created, Instant.now());
        seconds.alive(alive);
        try {
            budget.commit(reservation, settings.costMicros(alive));
        } catch (RuntimeException e) {
            LOG.warn("settling {} after a failure failed ({}); the reservation expires by itself", reservation.id(),
                e.getClass().getSimpleName());
        }
    }
}
