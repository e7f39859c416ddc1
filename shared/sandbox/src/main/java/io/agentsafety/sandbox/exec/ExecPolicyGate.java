package io.agentsafety.sandbox.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.audit.AuditedPolicyGate;
import io.agentsafety.core.ProblemException;
import io.agentsafety.policy.ApprovalGate;
import io.agentsafety.policy.Decision;
import io.agentsafety.policy.PolicyCheck;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.action.ExecuteCodeAction;
import io.agentsafety.policy.action.NetworkAccessAction;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Every command and every package install of a request through the policy gate, in process, before anything is
 * created: a command is an {@code execute_code} action; an install is an {@code execute_code} action of the exact
 * command line that will run, plus a {@code network_access} action per registry host of its ecosystem (so
 * installs follow the operator's network allowlist). All verdicts are made first (the caller sees every reason) and
 * judged as one batch: any deny refuses the request and no approval is created or used; if some actions need a
 * human, the request's {@code approval_ids} are used only when they cover <em>every</em> such action (so an approval is
 * never spent on a batch that is refused anyway), else approval requests are created for the uncovered ones and the
 * 403 names every id the retry needs. Each final decision is recorded in the audit trail.
 */
@Singleton
public class ExecPolicyGate {

    private static final String DEFAULT_ACTOR = "sandbox-exec";

    private final AuditedPolicyGate engine;
    private final ExecApprovals approvals;

    public ExecPolicyGate(AuditedPolicyGate engine, ExecApprovals approvals) {
        this.engine = engine;
        this.approvals = approvals;
    }

    /** One action of the batch awaiting a human (the state machine's approval plan). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PendingAction(@JsonProperty("action_index") int actionIndex, @JsonProperty("action_type") String actionType,
                                @JsonProperty("decision_id") String decisionId, @JsonProperty("approval_id") String approvalId) {
    }

    /** The actions of a request in plan order: each install's registry hosts and command line, then the commands. */
    static List<PolicyCheck> actions(SandboxExecRequest request, List<PlannedInstall> installs) {
        String runId = request.runId();
        String actor = request.actor() == null ? DEFAULT_ACTOR : request.actor();
        List<PolicyCheck> actions = new ArrayList<>();
        for (PlannedInstall install : installs) {
            for (String host : install.ecosystem().registryHosts()) {
                actions.add(PolicyCheck.of(NetworkAccessAction.ofUrl("https://" + host + "/",
                    install.ecosystem().name() + " install from its registry"), runId, actor));
            }
            actions.add(PolicyCheck.of(ExecuteCodeAction.ofCommand(install.command()), runId, actor));
        }
        for (String command : request.commands()) {
            actions.add(PolicyCheck.of(ExecuteCodeAction.ofCommand(command), runId, actor));
        }
        return actions;
    }

    /**
     * The decisions, all allowing (approvals named by the request used); or a {@link SandboxRefusal} (403) carrying the
     * ones that did not, with the approval ids a retry needs.
     */
    public List<Decision> check(SandboxExecRequest request, List<PlannedInstall> installs) {
        List<PolicyCheck> actions = actions(request, installs);
        List<Decision> decisions = verdicts(actions);
        List<ExecApprovals.Need> needs = needs(actions, decisions);
        if (needs.isEmpty()) {
            return recorded(actions, decisions);
        }
        ExecApprovals.Matches matches = approvals.match(needs, request.approvalIds(), request.runId());
        if (matches.coverAll(needs)) {
            for (ExecApprovals.Need need : needs) {
                decisions.set(need.index(), approvals.use(need, matches.approved().get(need.index())));
            }
        } else {
            for (ExecApprovals.Need need : needs) {
                String approved = matches.approved().get(need.index());
                // an approved one is kept for the retry, not spent on a batch refused anyway
                decisions.set(need.index(), approved != null
                    ? need.decision().awaiting(approved, "approved", null, need.decision().matchedRules())
                    : approvals.request(need, matches.pending().get(need.index()), null));
            }
        }
        recorded(actions, decisions);
        List<Decision> waiting = decisions.stream().filter(d -> !d.allowed()).toList();
        if (!waiting.isEmpty()) {
            throw approvalRequired(decisions, waiting);
        }
        return decisions;
    }

    /**
     * For the state machine, before anything waits: a deny refuses (403, nothing created or used); otherwise the
     * actions that need a human, each with the approval of {@code approval_ids} that already covers it, if any.
     * Creates and uses nothing. Only a deny is recorded in the audit here: it ends the execution, whereas every other
     * verdict is made again, and recorded, by the approval request ({@link #requestApproval}) and by Create.
     */
    public List<PendingAction> plan(SandboxExecRequest request, List<PlannedInstall> installs) {
        List<PolicyCheck> actions = actions(request, installs);
        List<Decision> decisions = verdicts(actions);
        List<ExecApprovals.Need> needs = needs(actions, decisions);
        ExecApprovals.Matches matches = approvals.match(needs, request.approvalIds(), request.runId());
        return needs.stream().map(n -> new PendingAction(n.index(), n.decision().actionType(), n.decision().decisionId(),
            matches.approved().get(n.index()))).toList();
    }

    /**
     * The approval request for action {@code index} of the plan, carrying the Step Functions task token, so approving
     * it resumes the execution. A deny (policy changed meanwhile) is a 403; an action that needs no approval (any more)
     * is a 409, since nobody would ever complete the token.
     */
    public Decision requestApproval(SandboxExecRequest request, List<PlannedInstall> installs, int index, String taskToken) {
        List<PolicyCheck> actions = actions(request, installs);
        if (index < 0 || index >= actions.size()) {
            throw ProblemException.invalid("action_index", "must be the index of an action of the request (0 to "
                + (actions.size() - 1) + ")");
        }
        PolicyCheck action = actions.get(index);
        Decision decision = engine.evaluate(action);
        if (decision.verdict() == Verdict.DENY) {
            engine.record(action, decision);
            throw denied(List.of(decision), List.of(decision));
        }
        if (!decision.requiresApproval()) {
            engine.record(action, decision);
            throw ProblemException.conflict("approval_not_needed", "action " + index + " needs no approval: nothing to wait for");
        }
        Decision awaiting = approvals.request(need(index, action, decision), null, taskToken);
        return engine.record(action, awaiting);
    }

    private List<Decision> verdicts(List<PolicyCheck> actions) {
        List<Decision> decisions = new ArrayList<>();
        for (PolicyCheck action : actions) {
            decisions.add(engine.evaluate(action));
        }
        List<Decision> denied = decisions.stream().filter(d -> d.verdict() == Verdict.DENY).toList();
        if (!denied.isEmpty()) {
            recorded(actions, decisions);
            throw denied(decisions, denied);
        }
        return decisions;
    }

    private static List<ExecApprovals.Need> needs(List<PolicyCheck> actions, List<Decision> decisions) {
        List<ExecApprovals.Need> needs = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).requiresApproval()) {
                needs.add(need(i, actions.get(i), decisions.get(i)));
            }
        }
        return needs;
    }

    private static ExecApprovals.Need need(int index, PolicyCheck action, Decision decision) {
        return new ExecApprovals.Need(index, decision, new ApprovalGate.CheckedAction(action.type(), action.params(),
            action.runId(), action.actor(), null, null));
    }

    private List<Decision> recorded(List<PolicyCheck> actions, List<Decision> decisions) {
        for (int i = 0; i < decisions.size(); i++) {
            engine.record(actions.get(i), decisions.get(i));
        }
        return decisions;
    }

    private static SandboxRefusal denied(List<Decision> all, List<Decision> denied) {
        return SandboxRefusal.policy("policy_denied", denied.size() + " of " + all.size()
            + " actions are denied by policy: " + denied.get(0).reason() + "; nothing was created or reserved", denied, null,
            all.stream().map(Decision::decisionId).toList());
    }

    private static SandboxRefusal approvalRequired(List<Decision> all, List<Decision> waiting) {
        List<String> ids = ExecApprovals.ids(waiting);
        return SandboxRefusal.policy("approval_required", waiting.size() + " of " + all.size()
                + " actions need human approval: " + waiting.get(0).reason() + "; nothing was created or reserved. Retry with "
                + "approval_ids once every listed approval is granted",
            waiting, new SandboxRefusal.Approval(true, waiting.stream().map(Decision::decisionId).toList(), waiting.get(0).reason(),
                ids), all.stream().map(Decision::decisionId).toList());
    }
}
