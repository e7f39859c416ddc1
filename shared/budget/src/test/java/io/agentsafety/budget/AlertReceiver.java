package io.agentsafety.budget;

import com.sun.net.httpserver.HttpServer;
import io.agentsafety.core.WebhookSignature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP alert receiver on loopback: verifies each request with {@link WebhookSignature#verify}, records it, and
 * answers 204 (valid), 401 (invalid), 500 ({@link Mode#FAIL}) or 204 after a pause ({@link Mode#SLOW}).
 */
public final class AlertReceiver implements AutoCloseable {

    public enum Mode { ACCEPT, FAIL, SLOW }

    public record Delivery(String delivery, String ledgerEvent, String attempt, String event, String body, WebhookSignature.Verdict verdict) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final byte[] secret;
    private final List<Delivery> deliveries = new ArrayList<>();
    private volatile Mode mode = Mode.ACCEPT;
    private volatile long pauseMillis = 300;

    private AlertReceiver(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            var h = exchange.getRequestHeaders();
            WebhookSignature.Verdict verdict = WebhookSignature.verify(this.secret, h.getFirst(WebhookSignature.TIMESTAMP_HEADER),
                h.getFirst(WebhookSignature.SIGNATURE_HEADER), body, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
            synchronized (this) {
                deliveries.add(new Delivery(h.getFirst(AlertWebhook.DELIVERY_HEADER), h.getFirst(AlertWebhook.LEDGER_EVENT_HEADER),
                    h.getFirst(AlertWebhook.ATTEMPT_HEADER), h.getFirst(AlertWebhook.EVENT_HEADER), new String(body, StandardCharsets.UTF_8),
                    verdict));
            }
            Mode current = mode;
            if (current == Mode.SLOW) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = current == Mode.FAIL ? 500 : verdict == WebhookSignature.Verdict.VALID ? 204 : 401;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static AlertReceiver start(String secret) {
        return new AlertReceiver(secret);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/budget";
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void pause(long millis) {
        this.pauseMillis = millis;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
