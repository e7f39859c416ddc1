package io.agentsafety.budget;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs alert events to {@code safety.budget.alerts.webhook-url}, signed with HMAC-SHA256 over
 * {@code timestamp + "." + body} ({@code X-Safety-Signature: t=<unix seconds>,v1=<hex>}, Stripe-style, so
 * a receiver can reject forgeries and replays). Deliveries run on two daemon threads with retries after
 * 0.5 s, 1 s, 2 s...; at most {@link #MAX_PENDING} wait, beyond that new alerts are dropped and logged.
 * Nothing here blocks or fails the spend that caused the alert.
 */
@Singleton
public class WebhookNotifier implements AutoCloseable {

    public static final String SIGNATURE_HEADER = "X-Safety-Signature";
    static final int MAX_PENDING = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    private final URI url;
    private final byte[] secret;
    private final int maxAttempts;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledThreadPoolExecutor executor;
    private final HttpClient client;

    public WebhookNotifier(BudgetSettings settings) {
        this.url = settings.webhookUrl() == null ? null : URI.create(settings.webhookUrl());
        this.secret = settings.webhookSecret() == null ? null : settings.webhookSecret().getBytes(StandardCharsets.UTF_8);
        this.maxAttempts = settings.webhookMaxAttempts();
        if (url == null) {
            this.executor = null;
            this.client = null;
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(2, task -> {
            Thread thread = new Thread(task, "budget-webhook-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executor.setRemoveOnCancelPolicy(true);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    public boolean enabled() {
        return url != null;
    }

    public void send(String json) {
        if (url == null) {
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            LOG.warn("budget alert webhook backlog full: alert dropped");
            return;
        }
        executor.execute(() -> attempt(json, 1));
    }

    private void attempt(String json, int attempt) {
        boolean done = false;
        try {
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("User-Agent", "agent-safety-budget-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            if (secret != null) {
                request.header(SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + sign(secret, timestamp + "." + json));
            }
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            done = status >= 200 && status < 300;
            if (!done) {
                LOG.warn("budget alert webhook answered {} (attempt {}/{})", status, attempt, maxAttempts);
            }
        } catch (java.io.IOException e) {
            LOG.warn("budget alert webhook failed: {} (attempt {}/{})", e.getClass().getSimpleName(), attempt, maxAttempts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = true;
        } catch (RuntimeException e) {
            LOG.warn("budget alert webhook error: {}", e.getClass().getSimpleName());
        }
        if (done || attempt >= maxAttempts || executor.isShutdown()) {
            pending.decrementAndGet();
            return;
        }
        long delay = 500L << (attempt - 1);
        executor.schedule(() -> attempt(json, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    public static String sign(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
