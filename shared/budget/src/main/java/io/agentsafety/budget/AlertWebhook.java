package io.agentsafety.budget;

import io.agentsafety.core.WebhookSignature;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs one chunk of budget alerts to {@code safety.budget.alerts.webhook-url}, all at once, each bounded by
 * {@code safety.budget.alerts.timeout}, and waits for every answer before returning: nothing runs after the
 * scheduled invocation that called it. Signed like every webhook of the service ({@link WebhookSignature}).
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

    private final AlertSettings settings;
    private final ExecutorService executor;
    private final HttpClient client;

    public AlertWebhook(AlertSettings settings) {
        this.settings = settings;
        if (settings.webhookUrl() == null) {
            this.executor = null;
            this.client = null;
            return;
        }
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "budget-alert-webhook");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean enabled() {
        return client != null;
    }

    public List<Outcome> post(List<Alert> alerts) {
        if (client == null) {
            throw new IllegalStateException("no alert webhook configured");
        }
        byte[] secret = settings.webhookSecret().getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<Outcome>> futures = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            HttpRequest request;
            try {
                request = request(alert, secret);
            } catch (IllegalArgumentException e) {
                // a value no header may carry: another writer's entry in the stream; fails like any other attempt
                futures.add(CompletableFuture.completedFuture(new Outcome(alert, "invalid_entry")));
                continue;
            }
            futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new Outcome(alert, cause.getClass().getSimpleName());
                    }
                    int status = response.statusCode();
                    return new Outcome(alert, status >= 200 && status < 300 ? null : "HTTP " + status);
                }));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private HttpRequest request(Alert alert, byte[] secret) {
        byte[] body = alert.json().getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.webhookUrl())
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "agent-safety-budget-alerts")
            .header(EVENT_HEADER, alert.type())
            .header(ATTEMPT_HEADER, Long.toString(alert.attempt()))
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (alert.eventId() != null) {
            request.header(DELIVERY_HEADER, alert.eventId());
        }
        if (alert.ledgerEventId() != null) {
            request.header(LEDGER_EVENT_HEADER, alert.ledgerEventId());
        }
        return request.build();
    }

    @PreDestroy
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
