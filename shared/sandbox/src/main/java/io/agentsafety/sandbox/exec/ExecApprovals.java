package io.agentsafety.sandbox.exec;

import io.agentsafety.approvals.ApprovalStatus;
import io.agentsafety.approvals.ApprovalStore;
import io.agentsafety.approvals.CanonicalJson;
import io.agentsafety.approvals.StoredApproval;
import io.agentsafety.policy.ApprovalGate;
import io.agentsafety.policy.Decision;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The approvals a safe execute request names ({@code approval_ids}), matched to its actions without using them: an
 * approval covers the action whose canonical form it was granted for (same SHA-256 as {@code /check} computes) in the
 * same run, so the ids may come in any order. Each id covers one action. Using (consuming) and creating requests go
 * through the policy module's {@link ApprovalGate}, exactly as {@code /check} does.
 */
@Singleton
public class ExecApprovals {

    /** One action of the batch that needs a human: its position in the plan, its verdict and what the hash covers. */
    record Need(int index, Decision decision, ApprovalGate.CheckedAction action) {

        String sha256() {
            return CanonicalJson.sha256(CanonicalJson.action(action.type().wireName(), action.params()));
        }
    }

    /** What the given ids cover: per plan index, an approved id (usable now) or a pending one (to re-use). */
    record Matches(Map<Integer, String> approved, Map<Integer, String> pending) {

        boolean coverAll(List<Need> needs) {
            return needs.stream().allMatch(n -> approved.containsKey(n.index()));
        }
    }

    private final ApprovalStore store;
    private final ApprovalGate gate;

    public ExecApprovals(ApprovalStore store, ApprovalGate gate) {
        this.store = store;
        this.gate = gate;
    }

    /**
     * Reads (never uses) each given approval and assigns it to the first need of the same action and run not yet covered.
     * Unknown, denied, expired, used ones and ones for other actions cover nothing.
     */
    Matches match(List<Need> needs, List<String> approvalIds, String runId) {
        Map<Integer, String> approved = new LinkedHashMap<>();
        Map<Integer, String> pending = new LinkedHashMap<>();
        if (approvalIds.isEmpty() || needs.isEmpty()) {
            return new Matches(approved, pending);
        }
        List<String> shas = needs.stream().map(Need::sha256).toList();
        long now = System.currentTimeMillis();
        for (String id : new LinkedHashSet<>(approvalIds)) {
            ApprovalStore.Outcome outcome = store.get(id, now);
            if (!outcome.found()) {
                continue;
            }
            StoredApproval approval = outcome.approval();
            if (!Objects.equals(approval.fields().get("run_id"), runId)) {
                continue;
            }
            Map<Integer, String> into = approval.status() == ApprovalStatus.APPROVED ? approved
                : approval.status() == ApprovalStatus.PENDING ? pending : null;
            if (into == null) {
                continue;
            }
            for (int i = 0; i < needs.size(); i++) {
                int index = needs.get(i).index();
                if (shas.get(i).equals(approval.fields().get("action_sha256")) && !approved.containsKey(index)
                    && !pending.containsKey(index)) {
                    into.put(index, id);
                    break;
                }
            }
        }
        return new Matches(approved, pending);
    }

    /** Uses {@code approvalId} for this need (atomic, single-use): allow, or (lost a race) a new request. */
    Decision use(Need need, String approvalId) {
        return gate.resolve(need.decision(), with(need.action(), approvalId, null));
    }

    /** The pending request {@code pendingId} when it still is one for this action, else a new one (with the task token). */
    Decision request(Need need, String pendingId, String taskToken) {
        return gate.resolve(need.decision(), with(need.action(), pendingId, taskToken));
    }

    private static ApprovalGate.CheckedAction with(ApprovalGate.CheckedAction a, String approvalId, String taskToken) {
        return new ApprovalGate.CheckedAction(a.type(), a.params(), a.runId(), a.actor(), approvalId, taskToken);
    }

    static List<String> ids(List<Decision> decisions) {
        List<String> out = new ArrayList<>();
        decisions.forEach(d -> {
            if (d.approvalId() != null) {
                out.add(d.approvalId());
            }
        });
        return out;
    }
}
