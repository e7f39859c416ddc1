package io.agentsafety.approvals;

import io.agentsafety.policy.ApprovalGate;
import io.agentsafety.policy.Decision;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.EvidenceScrubber;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@code require_approval} decision meets the approval store. With an {@code approval_id} that is approved,
 * unexpired, unused, for the same run and for exactly this canonical action (SHA-256 equal), the use is consumed
 * atomically and the decision becomes {@code allow}. A pending request for the same action is returned as is. In
 * every other case (no id, unknown, denied, expired, used, another action) a new request is created, and the
 * decision says why the given one could not be used. Redis down → 503: the gate never allows, and never answers
 * {@code require_approval} without a stored request a human can act on.
 */
@Singleton
public class PolicyApprovalGate implements ApprovalGate {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyApprovalGate.class);

    private final ApprovalStore store;
    private final ApprovalSettings settings;
    private final ApprovalViews views;
    private final EvidenceScrubber scrubber;
    private final ApprovalTransitions transitions;

    public PolicyApprovalGate(ApprovalStore store, ApprovalSettings settings, ApprovalViews views, @Nullable EvidenceScrubber scrubber,
                              ApprovalTransitions transitions) {
        this.transitions = transitions;
        this.store = store;
        this.settings = settings;
        this.views = views;
        this.scrubber = scrubber == null ? EvidenceScrubber.NONE : scrubber;
    }

    @Override
    public String approvalIdProblem(String approvalId) {
        return ApprovalIds.isValid(approvalId) ? null : "must be " + ApprovalIds.GRAMMAR;
    }

    @Override
    public Decision resolve(Decision decision, CheckedAction action) {
        String canonical = CanonicalJson.action(action.type().wireName(), action.params());
        String sha = CanonicalJson.sha256(canonical);
        long now = System.currentTimeMillis();
        List<Decision.MatchedRule> rules = new ArrayList<>(decision.matchedRules());
        if (action.approvalId() != null) {
            ApprovalStore.Outcome outcome = store.consume(action.approvalId(), sha, action.runId(), now);
            StoredApproval approval = outcome.approval();
            transitions.published("used", outcome, null, now);
            if ("OK".equals(outcome.code())) {
                rules.add(new Decision.MatchedRule("approval.granted", "a human approval of exactly this action was used",
                    "approval_id=" + approval.id(), Verdict.ALLOW, decision.riskLevel()));
                LOG.info("decision {}: approval {} used", decision.decisionId(), approval.id());
                return decision.approvedBy(approval.id(), approval.status().wireName(), ApprovalViews.iso(approval.fields().get("expires_ms")),
                    "approved by a human (" + approval.id() + "): " + decision.reason(), rules);
            }
            if ("NOT_APPROVED".equals(outcome.code()) && approval.status() == ApprovalStatus.PENDING
                && sha.equals(approval.fields().get("action_sha256")) && sameRun(approval, action.runId())) {
                return decision.awaiting(approval.id(), "pending", ApprovalViews.iso(approval.fields().get("expires_ms")), rules);
            }
            rules.add(new Decision.MatchedRule("approval.not_usable", unusable(outcome, approval),
                "approval_id=" + action.approvalId(), Verdict.REQUIRE_APPROVAL, decision.riskLevel()));
        }
        return create(decision, action, canonical, sha, rules, now);
    }

    private Decision create(Decision decision, CheckedAction action, String canonical, String sha, List<Decision.MatchedRule> rules,
                            long now) {
        String id = ApprovalIds.newId();
        long expires = now + settings.ttl().toMillis();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("status", ApprovalStatus.PENDING.wireName());
        fields.put("action_type", action.type().wireName());
        fields.put("action", CanonicalJson.action(action.type().wireName(), redacted(action.params())));
        fields.put("action_sha256", sha);
        if (action.runId() != null) {
            fields.put("run_id", action.runId());
        }
        if (action.actor() != null) {
            fields.put("actor", action.actor());
        }
        fields.put("decision_id", decision.decisionId());
        fields.put("reason", decision.reason());
        fields.put("risk_level", decision.riskLevel().wireName());
        fields.put("rules", views.toJson(rules));
        fields.put("created_ms", Long.toString(now));
        fields.put("expires_ms", Long.toString(expires));
        fields.put("required", Integer.toString(settings.requiredApprovers(action.type())));
        fields.put("approvals", "[]");
        fields.put("uses", "0");
        fields.put("single_use", settings.singleUse() ? "1" : "0");
        fields.put("callback", "none");
        if (action.taskToken() != null) {
            fields.put("task_token", action.taskToken());
        }
        long lifetime = expires - now + settings.retention().toMillis();
        // the record, its index entries and webhook (ApprovalStore.create); the caller gets the id only when all are
        // written, so an id it holds is always listed and notified
        String notification = settings.webhookUrl() == null ? null
            : views.toJson(ApprovalNotification.requested(views.view(new StoredApproval(fields))));
        store.create(id, lifetime, fields, now, expires, action.runId(), notification, lifetime);
        transitions.publish(ApprovalTransition.of("created", null, new StoredApproval(fields), null, now));
        LOG.info("decision {}: approval {} requested (needs {} approver(s))", decision.decisionId(), id, fields.get("required"));
        return decision.awaiting(id, ApprovalStatus.PENDING.wireName(), ApprovalViews.iso(Long.toString(expires)), rules);
    }

    /** What a human reviews: every string of the params through the redactor (the hash is over the exact params). */
    private JsonNode redacted(JsonNode node) {
        if (node == null) {
            return JsonNode.nullNode();
        }
        if (node.isString()) {
            return JsonNode.createStringNode(scrubber.scrub(node.getStringValue()));
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>(node.size());
            node.values().forEach(v -> items.add(redacted(v)));
            return JsonNode.createArrayNode(items);
        }
        if (node.isObject()) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            node.entries().forEach(e -> out.put(e.getKey(), redacted(e.getValue())));
            return JsonNode.createObjectNode(out);
        }
        return node;
    }

    private static boolean sameRun(StoredApproval approval, String runId) {
        return java.util.Objects.equals(approval.runId(), runId);
    }

    private static String unusable(ApprovalStore.Outcome outcome, StoredApproval approval) {
        return switch (outcome.code()) {
            case "NOT_FOUND" -> "the given approval does not exist (or is past retention); a new approval was requested";
            case "MISMATCH" -> "the given approval was granted for a different action; a new approval was requested";
            case "RUN_MISMATCH" -> "the given approval belongs to another run; a new approval was requested";
            default -> approval.status() == ApprovalStatus.PENDING
                ? "the given approval is still pending and was requested for a different action or run; a new approval was requested"
                : "the given approval is " + approval.status().wireName() + "; a new approval was requested";
        };
    }
}
