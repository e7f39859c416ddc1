package io.agentsafety.approvals;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A local Step Functions endpoint (JDK HttpServer on loopback, free port): records every call with the headers
 * that make up its SigV4 signature and answers {@code {}} (or a queued failure), so tests see exactly what the
 * SDK would have sent to AWS.
 */
public final class SfnFake implements AutoCloseable {

    public static final String ACCESS_KEY = "AKIDAPPROVALSTEST01";
    public static final String SECRET_KEY = "approvals-test-secret-key-0123456789abcd";
    private static final Pattern AUTHORIZATION = Pattern.compile(
        "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/\\d{8}/[a-z0-9-]+/states/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}");

    /** One recorded call. */
    public record Call(String target, String authorization, String amzDate, String contentType, String body) {

        public void assertSigV4(String operation) {
            assertEquals("AWSStepFunctions." + operation, target);
            var matcher = AUTHORIZATION.matcher(authorization == null ? "" : authorization);
            assertTrue(matcher.matches(), "SigV4 Authorization header shape: " + authorization);
            List<String> signed = List.of(matcher.group(1).split(";"));
            assertTrue(signed.contains("host") && signed.contains("x-amz-date") && signed.contains("x-amz-target"), "signed headers " + signed);
            assertTrue(amzDate != null && amzDate.matches("\\d{8}T\\d{6}Z"), "X-Amz-Date " + amzDate);
            assertTrue(contentType != null && contentType.startsWith("application/x-amz-json-1.0"), contentType);
        }
    }

    private record Failure(int status, String type) {
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();

    private SfnFake() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            var h = exchange.getRequestHeaders();
            Failure failure;
            synchronized (this) {
                calls.add(new Call(h.getFirst("X-Amz-Target"), h.getFirst("Authorization"), h.getFirst("X-Amz-Date"),
                    h.getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
                failure = failures.poll();
                notifyAll();
            }
            byte[] answer = (failure == null ? "{}" : "{\"__type\":\"" + failure.type() + "\",\"message\":\"fake failure\"}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-" + System.nanoTime());
            exchange.sendResponseHeaders(failure == null ? 200 : failure.status(), answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    public static SfnFake start() {
        return new SfnFake();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next call(s) answer this HTTP status and error type (e.g. 400 TaskTimedOut, 500 ServiceUnavailable). */
    public synchronized void failNext(int status, String type) {
        failures.add(new Failure(status, type));
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clear() {
        calls.clear();
        failures.clear();
    }

    /** Waits until at least {@code count} calls arrived. */
    public synchronized List<Call> awaitCalls(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (calls.size() < count && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
