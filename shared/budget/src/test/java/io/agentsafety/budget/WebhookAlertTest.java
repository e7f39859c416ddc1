package io.agentsafety.budget;

import com.sun.net.httpserver.HttpServer;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.EmbeddedRedis;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Threshold alerts reach a real HTTP receiver, signed, retried after a failure, without slowing the spend. */
class WebhookAlertTest {

    record Delivery(String body, String signature) {
    }

    @Test
    void alertsAreSignedRetriedAndNeverBlockTheSpend() throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch delivered = new CountDownLatch(2);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/alerts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // the first delivery fails and is slow: the spend must not wait for it, the notifier retries it
            int n = calls.incrementAndGet();
            if (n == 1) {
                sleep(300);
                exchange.sendResponseHeaders(503, -1);
            } else {
                deliveries.add(new Delivery(body, exchange.getRequestHeaders().getFirst(WebhookNotifier.SIGNATURE_HEADER)));
                exchange.sendResponseHeaders(204, -1);
                delivered.countDown();
            }
            exchange.close();
        });
        receiver.start();
        String secret = "whsec-test-secret";
        BudgetSettings settings = BudgetSettings.defaults()
            .withWebhook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts", secret, 4);
        RedisTarget target = RedisTarget.standalone(EmbeddedRedis.shared().uri());
        try (LedgerConnection connection = target.connect(Duration.ofSeconds(2)); WebhookNotifier webhook = new WebhookNotifier(settings)) {
            BudgetLedger ledger = new BudgetLedger(new LedgerScripts(connection), new BudgetEvents(connection, new LedgerScripts(connection), settings, webhook), settings);
            String runId = Ids.newId("run");
            ledger.create(runId, 10_000_000, "USD", 3600, List.of(new java.math.BigDecimal("0.5"), java.math.BigDecimal.ONE), "{}");
            long start = System.nanoTime();
            ledger.spend(runId, 6_000_000, false, null, null);
            ledger.spend(runId, 4_000_000, false, null, null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 250, "spends waited for the webhook: " + millis + " ms");
            ledger.spend(runId, 1, true, null, null);

            assertTrue(delivered.await(10, TimeUnit.SECONDS), "both alerts delivered");
            Thread.sleep(200);
            assertEquals(2, deliveries.size(), "each threshold alerted once");
            assertEquals(3, calls.get(), "one failed attempt, retried");
            for (Delivery d : deliveries) {
                assertTrue(d.body().contains("\"type\":\"budget.threshold_crossed\""));
                assertTrue(d.body().contains("\"run_id\":\"" + runId + "\""));
                String[] parts = d.signature().split(",");
                String timestamp = parts[0].substring(2);
                assertEquals("v1=" + WebhookNotifier.sign(secret.getBytes(StandardCharsets.UTF_8), timestamp + "." + d.body()), parts[1]);
            }
            assertTrue(deliveries.stream().anyMatch(d -> d.body().contains("\"threshold\":0.5,")));
            assertTrue(deliveries.stream().anyMatch(d -> d.body().contains("\"threshold\":1,") && d.body().contains("\"spent\":10,")));
        } finally {
            receiver.stop(0);
            target.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
