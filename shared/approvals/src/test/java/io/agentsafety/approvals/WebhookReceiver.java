package io.agentsafety.approvals;

import com.sun.net.httpserver.HttpServer;
import io.agentsafety.core.WebhookSignature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP webhook receiver on loopback that verifies every request with {@link WebhookSignature#verify} (as a
 * relay would) and answers 204 for valid ones, 401 otherwise; it can also fail (500) or hang (never answer).
 */
public final class WebhookReceiver implements AutoCloseable {

    public enum Mode { ACCEPT, FAIL, HANG }

    /** One request as received, with the receiver's verdict on its signature. */
    public record Delivery(String timestamp, String signature, String delivery, String attempt, String body,
                           WebhookSignature.Verdict verdict) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final byte[] secret;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Mode mode = Mode.ACCEPT;

    private WebhookReceiver(String secret) {
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
                deliveries.add(new Delivery(h.getFirst(WebhookSignature.TIMESTAMP_HEADER), h.getFirst(WebhookSignature.SIGNATURE_HEADER),
                    h.getFirst("X-Safety-Delivery"), h.getFirst("X-Safety-Attempt"), new String(body, StandardCharsets.UTF_8), verdict));
                notifyAll();
            }
            if (mode == Mode.HANG) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            int status = mode == Mode.FAIL ? 500 : verdict == WebhookSignature.Verdict.VALID ? 204 : 401;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static WebhookReceiver start(String secret) {
        return new WebhookReceiver(secret);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/approvals";
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized List<Delivery> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (deliveries.size() < count && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
