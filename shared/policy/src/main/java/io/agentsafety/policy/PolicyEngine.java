package io.agentsafety.policy;

import io.agentsafety.core.Ids;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.UnchangedTexts;
import io.agentsafety.policy.action.ActionBinding;
import io.agentsafety.policy.action.ActionEvaluator;
import io.agentsafety.policy.action.PolicyAction;
import io.agentsafety.policy.config.ActionSettings;
import io.agentsafety.policy.config.PolicyConfiguration;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy gate: binds a check request to a typed {@link PolicyCheck} once (every bad field in one 400), runs the
 * evaluator of its action type on the typed action, applies the operator's switches and the run's budget breaker, and
 * combines every finding into one decision. Combining only ever tightens (the strictest verdict wins), and anything that cannot be understood is
 * a 400, never a silent allow.
 */
@Singleton
public class PolicyEngine {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);
    private static final Set<String> REQUEST_FIELDS = Set.of("action_type", "params", "run_id", "actor", "metadata",
        "approval_id", "task_token");
    /** Step Functions task tokens are at most 1024 characters; a little slack for future formats. */
    private static final int MAX_TASK_TOKEN = 2048;

    private final Map<ActionType, ActionEvaluator<?>> evaluators = new EnumMap<>(ActionType.class);
    private final ActionSettings settings;
    private final RunBudgetGuard budgetGuard;
    private final EvidenceScrubber scrubber;
    /** Matched rules' descriptions scrubbed once each per process while the scrubber leaves them unchanged. */
    private final UnchangedTexts descriptions;
    private final ApprovalGate approvals;
    /** {@code safety.policy.budget.require-existing}: a money-costing action needs a run with a budget. */
    private final boolean requireBudget;

    public PolicyEngine(List<ActionEvaluator<?>> evaluators, ActionSettings settings,
                        @Nullable RunBudgetGuard budgetGuard, @Nullable EvidenceScrubber scrubber) {
        this(evaluators, settings, budgetGuard, scrubber, null, null);
    }

    @jakarta.inject.Inject
    public PolicyEngine(List<ActionEvaluator<?>> evaluators, ActionSettings settings,
                        @Nullable RunBudgetGuard budgetGuard, @Nullable EvidenceScrubber scrubber,
                        @Nullable ApprovalGate approvals, @Nullable PolicyConfiguration configuration) {
        this.requireBudget = configuration != null && configuration.getBudget().isRequireExisting();
        for (ActionEvaluator<?> evaluator : evaluators) {
            this.evaluators.put(evaluator.type(), evaluator);
        }
        this.settings = settings;
        this.budgetGuard = budgetGuard;
        this.scrubber = scrubber == null ? EvidenceScrubber.NONE : scrubber;
        this.descriptions = new UnchangedTexts(this.scrubber::scrub, 1024, 512);
        this.approvals = approvals;
    }

    /** Binds the request ({@link #bind}) and decides it, through the approval gate. */
    public Decision check(JsonFields request) {
        return check(bind(request));
    }

    /** Decides a typed check, through the approval gate. */
    public Decision check(PolicyCheck check) {
        return judge(check, true);
    }

    /**
     * The policy's own verdict, without the approval gate: a {@code require_approval} decision is returned as it is
     * (no approval request created, none consumed). For callers that judge several actions as one batch (safe
     * execute) and must see every verdict before an approval is created or used; they hand the decisions that need
     * one to the {@link ApprovalGate} themselves.
     */
    public Decision evaluate(PolicyCheck check) {
        return judge(check, false);
    }

    /**
     * The request as a typed check: every bad field of the request and of its params in one 400 (unknown fields
     * refused, values never echoed). The only place a check request is read as JSON.
     */
    public PolicyCheck bind(JsonFields request) {
        request.allowOnly(REQUEST_FIELDS);
        ActionType type = null;
        String typeText = request.requiredString("action_type", 64);
        if (typeText != null) {
            type = ActionType.parse(typeText).orElse(null);
            if (type == null) {
                request.error("action_type", "must be one of " + ActionType.allowedValues());
            }
        }
        String runId = request.identifier("run_id", false);
        String actor = request.optionalString("actor", 256);
        if (request.has("metadata") && !request.raw("metadata").isObject()) {
            request.error("metadata", "must be a JSON object");
        }
        JsonFields params = request.requiredObject("params");
        String approvalId = request.optionalString("approval_id", 64);
        String taskToken = request.optionalString("task_token", MAX_TASK_TOKEN);
        if (approvals == null && (approvalId != null || taskToken != null)) {
            request.error(approvalId != null ? "approval_id" : "task_token", "approvals are not enabled in this deployment");
        } else if (approvalId != null && approvals.approvalIdProblem(approvalId) != null) {
            request.error("approval_id", approvals.approvalIdProblem(approvalId));
        }
        PolicyAction action = type != null && params != null ? ActionBinding.bind(type, params) : null;
        request.validate();
        return new PolicyCheck(action, params.node(), runId, actor, request.raw("metadata"), approvalId, taskToken);
    }

    private Decision judge(PolicyCheck check, boolean resolveApprovals) {
        ActionType type = check.type();
        List<RuleMatch> matches = new ArrayList<>();
        ActionEvaluator<?> evaluator = evaluators.get(type);
        if (evaluator == null) {
            // Fail closed: a type without an evaluator in this deployment is never allowed.
            matches.add(new RuleMatch("policy.no_evaluator", "this deployment cannot evaluate " + type.wireName()
                + " actions", null, RiskLevel.HIGH, Verdict.DENY));
        } else {
            matches.addAll(evaluate(evaluator, check.action()));
        }
        ActionSettings.Switches switches = settings.of(type);
        if (!switches.enabled()) {
            matches.add(new RuleMatch("policy.action_disabled", type.wireName() + " actions are disabled by policy "
                + "(safety.policy.actions." + type.wireName() + ".enabled=false)", null, RiskLevel.HIGH, Verdict.DENY));
        } else if (switches.requireApproval()) {
            matches.add(new RuleMatch("policy.action_requires_approval", type.wireName()
                + " actions require human approval by policy", null, RiskLevel.MEDIUM, Verdict.REQUIRE_APPROVAL));
        }
        if (type.costsMoney()) {
            budgetFindings(check.runId(), matches);
        }
        Decision decision = decide(type, matches, check.runId(), check.actor());
        if (resolveApprovals && approvals != null && decision.verdict() == Verdict.REQUIRE_APPROVAL) {
            return approvals.resolve(decision, new ApprovalGate.CheckedAction(type, check.params(), check.runId(),
                check.actor(), check.approvalId(), check.taskToken()));
        }
        return decision;
    }

    /** The evaluators are keyed by their type, and an action's type fixes its record: the cast cannot fail. */
    @SuppressWarnings("unchecked")
    private static List<RuleMatch> evaluate(ActionEvaluator<?> evaluator, PolicyAction action) {
        return ((ActionEvaluator<PolicyAction>) evaluator).evaluate(action);
    }

    /**
     * The run's budget, for an action that costs money: an open breaker denies; with
     * {@code safety.policy.budget.require-existing} a missing run_id or a run without a budget denies too, so a typo
     * in run_id cannot skip the budget. A deployment without the ledger cannot tell, so that setting then denies.
     */
    private void budgetFindings(String runId, List<RuleMatch> matches) {
        RunBudgetGuard.RunBudget budget = runId == null || budgetGuard == null ? RunBudgetGuard.RunBudget.NONE
            : budgetGuard.budgetOf(runId);
        if (budget == RunBudgetGuard.RunBudget.BREAKER_OPEN) {
            matches.add(new RuleMatch("budget.circuit_open", "budget circuit open", "run_id=" + runId,
                RiskLevel.HIGH, Verdict.DENY));
        } else if (budget == RunBudgetGuard.RunBudget.NONE && requireBudget) {
            String why = runId == null ? "an action that costs money must name its run (run_id), and that run must have a budget"
                : budgetGuard == null ? "this deployment cannot read budgets, and actions that cost money require one"
                : "run " + runId + " has no budget, and actions that cost money require one";
            matches.add(new RuleMatch("budget.required", why + " (safety.policy.budget.require-existing)",
                runId == null ? null : "run_id=" + runId, RiskLevel.HIGH, Verdict.DENY));
        }
    }

    private Decision decide(ActionType type, List<RuleMatch> matches, String runId, String actor) {
        Verdict verdict = Verdict.ALLOW;
        RiskLevel risk = RiskLevel.LOW;
        for (RuleMatch match : matches) {
            verdict = verdict.strictest(match.verdict());
            risk = risk.highest(match.risk());
        }
        // Most decisive first: the reason quotes the rule that drove the verdict.
        List<RuleMatch> ordered = new ArrayList<>(matches);
        ordered.sort(Comparator.comparing(RuleMatch::verdict).thenComparing(RuleMatch::risk).reversed());
        List<Decision.MatchedRule> rules = ordered.stream()
            .map(m -> new Decision.MatchedRule(m.id(), descriptions.scrub(m.description()),
                m.evidence() == null ? null : scrubber.scrub(m.evidence()), m.verdict(), m.risk()))
            .toList();
        // the leading rule's description, scrubbed once above (a redactor call per check saved)
        String reason = rules.isEmpty()
            ? "no rule objects to this " + type.wireName() + " action"
            : rules.get(0).description()
                + (rules.size() > 1 ? " (and " + (rules.size() - 1) + " more finding" + (rules.size() > 2 ? "s" : "") + ")" : "");
        // run_id and actor are echoed: the caller chose them, and an agent may well put a token there
        Decision decision = new Decision(Ids.newId("dec"), type.wireName(), verdict == Verdict.ALLOW,
            verdict == Verdict.REQUIRE_APPROVAL, verdict, risk, reason, rules,
            runId == null ? null : scrubber.scrub(runId), actor == null ? null : scrubber.scrub(actor),
            Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        // Ids and rule ids only: evidence may quote commands, which the log must not carry.
        LOG.info("decision {} action={} verdict={} risk={} rules={} run_id={}", decision.decisionId(), type.wireName(),
            verdict.wireName(), risk.wireName(), rules.stream().map(Decision.MatchedRule::id).toList(), runId);
        return decision;
    }

    /** For callers that must surface a ledger outage on a money-costing check as 503, not as allow. */
    public static ProblemException ledgerUnavailable() {
        return ProblemException.unavailable("budget_ledger_unavailable",
            "the budget ledger cannot be reached, so actions that cost money cannot be checked");
    }
}
