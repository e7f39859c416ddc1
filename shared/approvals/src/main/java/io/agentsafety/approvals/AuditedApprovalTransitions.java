package io.agentsafety.approvals;

import io.agentsafety.audit.AuditEntry;
import io.agentsafety.audit.AuditLog;
import io.agentsafety.audit.AuditType;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records every approval transition (created, vote counted, approved, denied, used, expired) in the audit
 * trail as an {@code approval_transition} entry: verdict = the new status, {@code detail} = kind, previous
 * status and who voted. The transition is already stored when this runs, and {@link AuditLog} never throws,
 * so an unwritable audit cannot undo or fail an approval; it is logged and counted like any other. Inside a
 * /check ({@link io.agentsafety.audit.AuditedPolicyGate}'s batch) the entry goes out with the decision's, one wait for both.
 */
@Singleton
@Requires(beans = AuditLog.class)
public class AuditedApprovalTransitions implements ApprovalTransition.Listener {

    private final AuditLog audit;

    public AuditedApprovalTransitions(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void onTransition(ApprovalTransition transition) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", transition.kind());
        if (transition.from() != null) {
            detail.put("from", transition.from().wireName());
        }
        if (transition.by() != null) {
            detail.put("by", transition.by());
        }
        if (transition.actionType() != null) {
            detail.put("action_type", transition.actionType());
        }
        audit.appendLater(AuditEntry.of(AuditType.APPROVAL_TRANSITION)
            .at(Instant.ofEpochMilli(transition.atMs()))
            .approvalId(transition.approvalId())
            .decisionId(transition.decisionId())
            .runId(transition.runId())
            .actor(transition.actor())
            .verdict(transition.to().wireName())
            .detail(detail)
            .build());
    }
}
