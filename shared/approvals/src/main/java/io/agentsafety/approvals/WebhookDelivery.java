package io.agentsafety.approvals;

import io.agentsafety.core.WebhookSignature;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs claimed notifications to {@code safety.approvals.webhook-url}, all of one batch at once, each bounded by
 * {@code safety.approvals.webhook.timeout}; a batch therefore takes about one timeout however many receivers hang.
 * Only used by the scheduled notifier function: nothing on a request path waits for a webhook.
 */
@Singleton
public class WebhookDelivery implements AutoCloseable {

    /** The outcome of one attempt: null error = delivered (2xx). Errors name a status or exception kind, never a URL. */
    public record Attempt(ApprovalStore.ClaimedNotification notification, String error) {
    }

    private final ApprovalSettings settings;
    private final ExecutorService executor;
    private final HttpClient client;

    public WebhookDelivery(ApprovalSettings settings) {
        this.settings = settings;
        if (settings.webhookUrl() == null) {
            this.executor = null;
            this.client = null;
            return;
        }
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "approval-webhook");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(settings.webhookTimeout())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean enabled() {
        return client != null;
    }

    public List<Attempt> deliver(List<ApprovalStore.ClaimedNotification> batch) {
        List<CompletableFuture<Attempt>> futures = new ArrayList<>(batch.size());
        byte[] secret = settings.webhookSecret().getBytes(StandardCharsets.UTF_8);
        for (ApprovalStore.ClaimedNotification notification : batch) {
            byte[] body = notification.payload().getBytes(StandardCharsets.UTF_8);
            long timestamp = System.currentTimeMillis() / 1000;
            HttpRequest request = HttpRequest.newBuilder(settings.webhookUrl())
                .timeout(settings.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "agent-safety-approvals")
                .header("X-Safety-Event", "approval.requested")
                .header("X-Safety-Delivery", notification.approvalId())
                .header("X-Safety-Attempt", Integer.toString(notification.attempt()))
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
            futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new Attempt(notification, cause.getClass().getSimpleName());
                    }
                    int status = response.statusCode();
                    return new Attempt(notification, status >= 200 && status < 300 ? null : "HTTP " + status);
                }));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @PreDestroy
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
