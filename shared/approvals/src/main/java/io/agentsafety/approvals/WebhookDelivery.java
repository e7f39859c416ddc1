package io.agentsafety.approvals;

import io.agentsafety.core.SignedWebhookPoster;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POSTs claimed notifications to {@code safety.approvals.webhook-url}, all of one batch at once, each bounded by
 * {@code safety.approvals.webhook.timeout} ({@link SignedWebhookPoster}). Only used by the scheduled notifier
 * function: nothing on a request path waits for a webhook.
 */
@Singleton
public class WebhookDelivery implements AutoCloseable {

    /** The outcome of one attempt: null error = delivered (2xx). Errors name a status or exception kind, never a URL. */
    public record Attempt(ApprovalStore.ClaimedNotification notification, String error) {
    }

    private final SignedWebhookPoster poster;

    public WebhookDelivery(ApprovalSettings settings) {
        this.poster = settings.webhookUrl() == null ? null : new SignedWebhookPoster(settings.webhookUrl(),
            settings.webhookSecret(), settings.webhookTimeout(), "agent-safety-approvals");
    }

    public boolean enabled() {
        return poster != null;
    }

    public List<Attempt> deliver(List<ApprovalStore.ClaimedNotification> batch) {
        List<SignedWebhookPoster.Post<ApprovalStore.ClaimedNotification>> posts = batch.stream().map(notification -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Safety-Event", "approval.requested");
            headers.put("X-Safety-Delivery", notification.approvalId());
            headers.put("X-Safety-Attempt", Integer.toString(notification.attempt()));
            return new SignedWebhookPoster.Post<>(notification, notification.payload(), headers);
        }).toList();
        return poster.postAll(posts).stream().map(r -> new Attempt(r.subject(), r.error())).toList();
    }

    @PreDestroy
    @Override
    public void close() {
        if (poster != null) {
            poster.close();
        }
    }
}
