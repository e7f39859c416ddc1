package io.agentsafety.approvals;

import io.agentsafety.core.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Settles the callback an approval owes its state machine: approved → {@code SendTaskSuccess} with the approval
 * decision; denied → {@code SendTaskFailure} {@value #DENIED}; expired while pending → {@value #TIMED_OUT}. A failed
 * attempt stays owed: its callback-index entry moves to the next retry time (exponential, capped), until
 * {@value #MAX_ATTEMPTS} attempts or a permanent refusal (invalid or already answered token).
 */
@Singleton
public class TaskCallbackDispatcher {

    public static final String DENIED = "ApprovalDenied";
    public static final String TIMED_OUT = "ApprovalTimedOut";
    static final int MAX_ATTEMPTS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(TaskCallbackDispatcher.class);

    /** The output a state machine receives when its approval is granted. */
    @Serdeable
    public record ApprovedOutput(String approval_id, String status, String action_type, String action_sha256, String run_id,
                                 List<String> approvers, String decided_at) {
    }

    /** The cause of a failure callback (JSON in the {@code Cause} field). */
    @Serdeable
    public record FailureCause(String approval_id, String status, String denied_by, String comment, String expires_at) {
    }

    private final ApprovalStore store;
    private final ApprovalViews views;
    private final TaskCallbacks callbacks;

    public TaskCallbackDispatcher(ApprovalStore store, ApprovalViews views, @Nullable TaskCallbacks callbacks) {
        this.store = store;
        this.views = views;
        this.callbacks = callbacks;
    }

    public boolean canDeliver() {
        return callbacks != null;
    }

    /** Delivers the owed callback now; returns "sent", "queued" (will be retried) or null when none is owed. */
    public String settle(StoredApproval approval, long nowMs) {
        if (!approval.owesCallback()) {
            return null;
        }
        if (callbacks == null) {
            return "queued";
        }
        Approval view = views.view(approval);
        try {
            switch (approval.status()) {
                case APPROVED, USED -> callbacks.success(approval.taskToken(), views.toJson(new ApprovedOutput(view.approvalId(), "approved",
                    view.actionType(), view.actionSha256(), view.runId(), view.approvals().stream().map(Approval.Vote::approver).toList(),
                    view.decidedAt())));
                case DENIED -> callbacks.failure(approval.taskToken(), DENIED, views.toJson(new FailureCause(view.approvalId(), "denied",
                    view.denial().approver(), view.denial().comment(), view.expiresAt())));
                case EXPIRED -> callbacks.failure(approval.taskToken(), TIMED_OUT, views.toJson(new FailureCause(view.approvalId(),
                    "expired", null, null, view.expiresAt())));
                default -> {
                    return null;
                }
            }
        } catch (TaskCallbacks.CallbackException e) {
            int attempts = approval.callbackAttempts() + 1;
            if (e.permanent() || attempts >= MAX_ATTEMPTS) {
                LOG.warn("approval {}: task callback abandoned after {} attempt(s): {}", approval.id(), attempts, e.getMessage());
                recordAttempt(approval.id(), "failed", null);
                return "failed";
            }
            LOG.warn("approval {}: task callback failed (attempt {}): {}", approval.id(), attempts, e.getMessage());
            recordAttempt(approval.id(), "pending", nowMs + backoffMs(attempts));
            return "queued";
        }
        recordAttempt(approval.id(), "sent", null);
        return "sent";
    }

    /** 15 s, 30 s, 1 min … capped at 30 min. */
    static long backoffMs(int attempts) {
        return Math.min(15_000L << Math.min(attempts - 1, 10), 30 * 60_000L);
    }

    private void recordAttempt(String id, String state, Long retryAtMs) {
        try {
            store.callbackAttempted(id, state);
            store.reschedule(ApprovalKeys.callbacks(), id, retryAtMs);
        } catch (ProblemException e) {
            // the callback stays owed in the record; the expiry sweep or the callback index brings it back
            LOG.warn("approval {}: could not record the task callback attempt", id);
        }
    }
}
