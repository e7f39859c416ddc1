package io.agentsafety.approvals;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One pass of the scheduled notifier: (1) expires pending requests whose time is up and answers their state
 * machines {@code ApprovalTimedOut}, settling any callback still owed by an approval whose expiry came; (2) retries
 * the task-token callbacks that are due; (3) delivers the webhook outbox, rescheduling failures with exponential
 * backoff and dead-lettering after {@code safety.approvals.webhook.max-attempts}; (4) trims index entries past
 * retention. Every step is bounded per pass, so a backlog drains over several runs instead of timing one out.
 */
@Singleton
public class ApprovalSweep {

    static final int BATCH = 100;
    static final int WEBHOOK_BATCH = 25;
    static final long DEAD_LETTER_CAP = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalSweep.class);

    /** What one pass did. */
    @Serdeable
    public record Report(int expired, int callbacksSent, int callbacksQueued, int webhooksDelivered, int webhooksRetried,
                         int webhooksDeadLettered, long indexEntriesTrimmed) {
    }

    private final ApprovalStore store;
    private final ApprovalSettings settings;
    private final TaskCallbackDispatcher callbacks;
    private final WebhookDelivery webhooks;
    private final ApprovalTransitions transitions;

    public ApprovalSweep(ApprovalStore store, ApprovalSettings settings, TaskCallbackDispatcher callbacks, WebhookDelivery webhooks,
                         ApprovalTransitions transitions) {
        this.transitions = transitions;
        this.store = store;
        this.settings = settings;
        this.callbacks = callbacks;
        this.webhooks = webhooks;
    }

    public Report run() {
        long now = System.currentTimeMillis();
        int expired = 0;
        int sent = 0;
        int queued = 0;
        for (String id : store.due(ApprovalKeys.expiry(), now, BATCH)) {
            ApprovalStore.Outcome outcome = store.get(id, now);
            if (outcome.found()) {
                if (outcome.statusChanged() && outcome.approval().status() == ApprovalStatus.EXPIRED) {
                    expired++;
                    transitions.published("expired", outcome, null, now);
                }
                String result = callbacks.settle(outcome.approval(), now);
                sent += "sent".equals(result) ? 1 : 0;
                queued += "queued".equals(result) ? 1 : 0;
            }
            store.reschedule(ApprovalKeys.expiry(), id, null);
        }
        for (String id : store.due(ApprovalKeys.callbacks(), now, BATCH)) {
            ApprovalStore.Outcome outcome = store.get(id, now);
            if (!outcome.found() || !outcome.approval().owesCallback()) {
                store.reschedule(ApprovalKeys.callbacks(), id, null);
                continue;
            }
            String result = callbacks.settle(outcome.approval(), now);
            sent += "sent".equals(result) ? 1 : 0;
            queued += "queued".equals(result) ? 1 : 0;
        }
        int delivered = 0;
        int retried = 0;
        int dead = 0;
        if (webhooks.enabled()) {
            long lease = settings.webhookTimeout().toMillis() * 2 + 5_000;
            List<ApprovalStore.ClaimedNotification> batch = store.claim(now, lease, WEBHOOK_BATCH);
            for (WebhookDelivery.Attempt attempt : webhooks.deliver(batch)) {
                ApprovalStore.ClaimedNotification n = attempt.notification();
                long settledAt = System.currentTimeMillis();
                if (attempt.error() == null) {
                    store.settle(n.entryId(), "delivered", 0, null, settledAt, DEAD_LETTER_CAP);
                    delivered++;
                } else if (n.attempt() >= settings.webhookMaxAttempts()) {
                    LOG.warn("approval {}: webhook dead-lettered after {} attempts ({})", n.approvalId(), n.attempt(), attempt.error());
                    store.settle(n.entryId(), "dead", 0, attempt.error(), settledAt, DEAD_LETTER_CAP);
                    dead++;
                } else {
                    long backoff = settings.webhookRetryBase().toMillis() << Math.min(n.attempt() - 1, 16);
                    LOG.info("approval {}: webhook attempt {} failed ({}), retry in {} ms", n.approvalId(), n.attempt(), attempt.error(), backoff);
                    store.settle(n.entryId(), "retry", settledAt + backoff, attempt.error(), settledAt, DEAD_LETTER_CAP);
                    retried++;
                }
            }
        }
        long trimmed = store.trim(now - settings.ttl().toMillis() - settings.retention().toMillis());
        Report report = new Report(expired, sent, queued, delivered, retried, dead, trimmed);
        LOG.info("approval sweep: {}", report);
        return report;
    }
}
