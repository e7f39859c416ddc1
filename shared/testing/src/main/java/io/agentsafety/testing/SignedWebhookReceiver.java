package io.agentsafety.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP webhook receiver on loopback for the service's signed webhooks (approval requests, budget alerts):
 * verifies each request from the documented scheme, written here independently of the service's own
 * {@code WebhookSignature} as a relay in another language would ({@code X-Safety-Timestamp} in Unix seconds within
 * 5 minutes, {@code X-Safety-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}), records it, and answers 204 (valid
 * signature), 401 (invalid), 500 ({@link Mode#FAIL}), 204 after a pause ({@link Mode#SLOW}) or never ({@link Mode#HANG},
 * until closed).
 */
public final class SignedWebhookReceiver implements AutoCloseable {

    public enum Mode { ACCEPT, FAIL, SLOW, HANG }

    /** The receiver's judgement of a request's signature. */
    public enum Verdict { VALID, MISSING_HEADER, MALFORMED, STALE_TIMESTAMP, BAD_SIGNATURE }

    private static final String TIMESTAMP_HEADER = "x-safety-timestamp";
    private static final String SIGNATURE_HEADER = "x-safety-signature";
    private static final long TOLERANCE_SECONDS = 300;

    /** One request as received: its headers (names lower-cased), body and the receiver's verdict on its signature. */
    public record Delivery(Map<String, String> headers, String body, Verdict verdict) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String timestamp() {
            return header(TIMESTAMP_HEADER);
        }

        public String signature() {
            return header(SIGNATURE_HEADER);
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
            Verdict verdict = verify(headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), body);
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
            int status = current == Mode.FAIL ? 500 : verdict == Verdict.VALID ? 204 : 401;
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

    private Verdict verify(String timestampHeader, String signatureHeader, byte[] body) {
        if (timestampHeader == null || signatureHeader == null) {
            return Verdict.MISSING_HEADER;
        }
        long timestamp;
        byte[] given;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
            if (!signatureHeader.startsWith("v1=")) {
                return Verdict.MALFORMED;
            }
            given = HexFormat.of().parseHex(signatureHeader.substring(3));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > TOLERANCE_SECONDS) {
            return Verdict.STALE_TIMESTAMP;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return MessageDigest.isEqual(given, mac.doFinal(body)) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
