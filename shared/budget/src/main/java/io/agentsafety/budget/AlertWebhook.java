package io.agentsafety.budget;

import io.agentsafety.core.SignedWebhookPoster;
import io.agentsafety.core.WebhookSignature;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POSTs one chunk of budget alerts to {@code safety.budget.alerts.webhook-url}, all at once, each bounded by
 * {@code safety.budget.alerts.timeout}, and waits for every answer before returning: nothing runs after the
 * scheduled invocation that called it. Sent and signed like every webhook of the service ({@link SignedWebhookPoster},
 * {@link WebhookSignature}).
 */
@Singleton
public class AlertWebhook implements AutoCloseable {

    public static final String EVENT_HEADER = "X-Safety-Event";
    /** The outbox entry's {@code event_id}: the same on every retry of that entry. */
    public static final String DELIVERY_HEADER = "X-Safety-Delivery";
    /** The budget stream's entry id; with the body's {@code run_id} it names the event across copies. */
    public static final String LEDGER_EVENT_HEADER = "X-Safety-Ledger-Event-Id";
    public static final String ATTEMPT_HEADER = "X-Safety-Attempt";

    /** An event to post: its JSON body, its headers' values and which attempt this is. */
    public record Alert(String outboxId, String type, String eventId, String ledgerEventId, String json, long attempt) {
    }

    /** The outcome of one POST: null error = delivered (2xx). Errors name a status or an exception kind, never a URL. */
    public record Outcome(Alert alert, String error) {
    }

    private final SignedWebhookPoster poster;

    public AlertWebhook(AlertSettings settings) {
        this.poster = settings.webhookUrl() == null ? null : new SignedWebhookPoster(settings.webhookUrl(),
            settings.webhookSecret(), settings.timeout(), "agent-safety-budget-alerts");
    }

    public boolean enabled() {
        return poster != null;
    }

    public List<Outcome> post(List<Alert> alerts) {
        if (poster == null) {
            throw new IllegalStateException("no alert webhook configured");
        }
        List<SignedWebhookPoster.Post<Alert>> posts = alerts.stream().map(alert -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(EVENT_HEADER, alert.type());
            headers.put(ATTEMPT_HEADER, Long.toString(alert.attempt()));
            headers.put(DELIVERY_HEADER, alert.eventId());
            headers.put(LEDGER_EVENT_HEADER, alert.ledgerEventId());
            return new SignedWebhookPoster.Post<>(alert, alert.json(), headers);
        }).toList();
        return poster.postAll(posts).stream().map(r -> new Outcome(r.subject(), r.error())).toList();
    }

    @PreDestroy
    @Override
    public void close() {
        if (poster != null) {
            poster.close();
        }
    }
}
