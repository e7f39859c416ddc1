package io.agentsafety.testing;

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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP webhook receiver on loopback for the service's signed webhooks (approval requests, budget alerts):
 * verifies each request with {@link WebhookSignature#verify} as a relay would, records it, and answers 204 (valid
 * signature), 401 (invalid), 500 ({@link Mode#FAIL}), 204 after a pause ({@link Mode#SLOW}) or never ({@link Mode#HANG},
 * until closed).
 */
public final class SignedWebhookReceiver implements AutoCloseable {

    public enum Mode { ACCEPT, FAIL, SLOW, HANG }

    /** One request as received: its headers (names lower-cased), body and the receiver's verdict on its signature. */
    public record Delivery(Map<String, String> headers, String body, WebhookSignature.Verdict verdict) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String timestamp() {
            return header(WebhookSignature.TIMESTAMP_HEADER);
        }

        public String signature() {
            return header(WebhookSignature.SIGNATURE_HEADER);
        }

        /** {@code X-Safety-Delivery}: the id a receiver drops duplicates by. */
        public String delivery() {
            return header("X-Safety-Delivery");
        }

        public String attempt() {
            return header("X-Safety-Attempt");
        }

        /** {@code X-Safety-Event}: the event type of a budget alert. */
        public String event() {
            return header("X-Safety-Event");
        }

        public String ledgerEvent() {
            return header("X-Safety-Ledger-Event-Id");
        }
    }

    private final HttpServer server;
    private final String path;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final byte[] secret;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Mode mode = Mode.ACCEPT;
    private volatile long pauseMillis = 300;

    private SignedWebhookReceiver(String secret, String path) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.path = path;
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
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            WebhookSignature.Verdict verdict = WebhookSignature.verify(this.secret,
                headers.get(WebhookSignature.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT)),
                headers.get(WebhookSignature.SIGNATURE_HEADER.toLowerCase(Locale.ROOT)), body, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
            synchronized (this) {
                deliveries.add(new Delivery(Map.copyOf(headers), new String(body, StandardCharsets.UTF_8), verdict));
                notifyAll();
            }
            Mode current = mode;
            try {
                if (current == Mode.HANG) {
                    release.await(60, TimeUnit.SECONDS);
                    exchange.close();
                    return;
                }
                if (current == Mode.SLOW) {
                    Thread.sleep(pauseMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = current == Mode.FAIL ? 500 : verdict == WebhookSignature.Verdict.VALID ? 204 : 401;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** A receiver at {@code http://127.0.0.1:<port><path>} checking signatures made with {@code secret}. */
    public static SignedWebhookReceiver start(String secret, String path) {
        return new SignedWebhookReceiver(secret, path);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** How long {@link Mode#SLOW} waits before answering. */
    public void pause(long millis) {
        this.pauseMillis = millis;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The deliveries once there are {@code count} of them, or what arrived when {@code timeout} ran out. */
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
