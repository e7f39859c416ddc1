package io.agentsafety.core;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real receivers over loopback: one deadline bounds each whole exchange, the status decides once headers are in. */
class SignedWebhookPosterTest {

    private static final Duration TIMEOUT = Duration.ofMillis(600);

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    /** Answers {@code status} at once, then writes its body one byte per 200 ms for ~20 s (or until the test ends). */
    private URI receiver(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 100 && !release.await(200, TimeUnit.MILLISECONDS); i++) {
                    body.write('x');
                    body.flush();
                }
            } catch (InterruptedException | IOException e) {
                // the client went away: that is the point
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void aDribbledBodyAfterA2xxDoesNotStretchTheBatchAndCountsAsDelivered() throws IOException {
        try (SignedWebhookPoster poster = new SignedWebhookPoster(receiver(202), "s3cret", TIMEOUT, "test")) {
            long start = System.nanoTime();
            List<SignedWebhookPoster.Result<String>> results = poster.postAll(List.of(
                new SignedWebhookPoster.Post<>("a", "{}", Map.of()), new SignedWebhookPoster.Post<>("b", "{}", Map.of())));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 5_000, "the body keeps coming for ~20 s; the batch took " + ms + " ms");
            assertEquals(2, results.size());
            results.forEach(r -> assertNull(r.error(), "the receiver answered 202 before dribbling: " + r));
        }
    }

    @Test
    void aDribbledBodyAfterAnErrorStatusKeepsTheStatus() throws IOException {
        try (SignedWebhookPoster poster = new SignedWebhookPoster(receiver(503), "s3cret", TIMEOUT, "test")) {
            List<SignedWebhookPoster.Result<String>> results = poster.postAll(List.of(
                new SignedWebhookPoster.Post<>("a", "{}", Map.of())));
            assertEquals("HTTP 503", results.get(0).error());
        }
    }
}
