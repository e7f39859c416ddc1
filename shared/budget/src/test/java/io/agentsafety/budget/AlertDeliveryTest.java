package io.agentsafety.budget;

import io.agentsafety.testing.SignedWebhookReceiver;
import io.agentsafety.core.Ids;
import io.agentsafety.core.WebhookSignature;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert outbox end to end on a real Redis and a real HTTP receiver that verifies signatures: the request path
 * only appends to the stream; scheduled runs post, retry, dead-letter, share the work, and stay bounded. Each test
 * has its own outbox stream, so runs never see another test's events.
 * <p>
 * The tests run at the same time (junit-platform.properties): most of their time is waiting out a retry-after or a
 * stalled lease (4 to 12 s each, some 45 s one after another), and each has its own outbox stream, receiver and runs.
 * The one that counts the threads a spend starts holds {@link #THREADS} alone, the others share it (a lock on the
 * class would make them all run one after another): no other test starts a thread meanwhile.
 */
@Execution(ExecutionMode.CONCURRENT)
class AlertDeliveryTest {

    static final String THREADS = "alert-delivery-test-threads";

    private static final String SECRET = "whsec-alerts-test-0123456789";
    /** The POST bound of the retrying tests, and their retry-after: the least lease settings accept for it. */
    // The first POSTs of a new client take some 500 ms on a loaded machine. A run posts a claimed chunk only while half a
    // timeout of margin is left in its lease (AlertDelivery.withinLease): with 1 s that margin was 500 ms, and a loaded
    // machine (load 30 on 2 cores) took 551-918 ms from claim to post, so runs left chunks unposted where the tests
    // expected them delivered. 2 s leaves 1 s.
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RETRY_AFTER = TIMEOUT.multipliedBy(2);

    private static RedisTarget target;
    private static LedgerConnection connection;

    private BudgetSettings settings;
    private BudgetLedger ledger;

    @BeforeAll
    static void connect() {
        target = RedisTarget.standalone(EmbeddedRedis.shared().uri());
        connection = target.connect(Duration.ofSeconds(2));
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        target.close();
    }

    private void outbox() {
        settings = BudgetSettings.defaults().withEventStream("safety:events:test:" + Ids.newId("s"));
        ledger = new BudgetLedger(new LedgerScripts(connection), new BudgetEvents(connection, new LedgerScripts(connection), settings), settings);
    }

    /** A budget of 10 with thresholds 0.5 and 1, and a spend of 6 crossing 0.5: one event in the outbox. */
    private String crossOneThreshold() {
        String runId = Ids.newId("run");
        ledger.create(runId, 10_000_000, "USD", 3600, List.of(new BigDecimal("0.5"), BigDecimal.ONE), "{}");
        assertEquals(List.of("threshold:0.5"), ledger.spend(runId, 6_000_000, false, null, null).events());
        return runId;
    }

    private AlertDelivery delivery(AlertSettings alerts) {
        return new AlertDelivery(connection, settings, alerts, new AlertWebhook(alerts));
    }

    private static AlertSettings retrying(SignedWebhookReceiver receiver, int maxAttempts) {
        return AlertSettings.webhook(receiver.url(), SECRET).withBounds(100, TIMEOUT, Duration.ofSeconds(40))
            .withRetries(maxAttempts, RETRY_AFTER);
    }

    private int pending() {
        return connection.xpending(settings.eventStream(), AlertDelivery.GROUP, Duration.ZERO, 1000).size();
    }

    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ_WRITE)
    void theSpendOnlyAppendsThenOneRunPostsItSignedOnceAndAcknowledges() throws Exception {
        outbox();
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/budget")) {
            AlertDelivery delivery = delivery(AlertSettings.webhook(receiver.url(), SECRET));
            String runId = Ids.newId("run");
            ledger.create(runId, 10_000_000, "USD", 3600, List.of(new BigDecimal("0.5"), BigDecimal.ONE), "{}");
            ledger.spend(runId, 1_000_000, false, null, null); // warm: connections and scripts exist
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            assertEquals(List.of("threshold:0.5"), ledger.spend(runId, 5_000_000, false, null, null).events());
            Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
            started.removeAll(before);
            assertEquals(Set.of(), started.stream().map(Thread::getName).collect(Collectors.toSet()), "the spend started no thread");
            Thread.sleep(200);
            assertEquals(List.of(), receiver.deliveries(), "nothing is sent on the request path");
            List<StreamMessage<String, String>> outbox = target.stream(settings.eventStream());
            assertEquals(1, outbox.size(), "the event waits in the outbox");

            AlertDelivery.Report report = delivery.run();
            assertEquals(new AlertDelivery.Report(1, 0, 0, 0), report);
            List<SignedWebhookReceiver.Delivery> deliveries = receiver.deliveries();
            assertEquals(1, deliveries.size());
            SignedWebhookReceiver.Delivery d = deliveries.get(0);
            assertEquals(SignedWebhookReceiver.Verdict.VALID, d.verdict());
            assertEquals("1", d.attempt());
            assertEquals("budget.threshold_crossed", d.event());
            assertEquals(outbox.get(0).getBody().get("event_id"), d.delivery(), "receivers drop duplicates by X-Safety-Delivery");
            assertEquals(outbox.get(0).getBody().get("ledger_event_id"), d.ledgerEvent());
            assertTrue(d.body().startsWith("{\"event_id\":\"evt_") && d.body().contains("\"type\":\"budget.threshold_crossed\"")
                && d.body().contains("\"run_id\":\"" + runId + "\"") && d.body().contains("\"threshold\":0.5,")
                && d.body().contains("\"spent\":6,"), d.body());
            assertEquals(0, pending(), "acknowledged");

            assertEquals(new AlertDelivery.Report(0, 0, 0, 0), delivery.run());
            assertEquals(1, receiver.deliveries().size(), "sent once");
        }
    }

    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ)
    void aFailingReceiverLeavesTheEventPendingAndALaterRunDeliversIt() throws Exception {
        outbox();
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/budget")) {
            AlertDelivery delivery = delivery(retrying(receiver, 8));
            crossOneThreshold();
            receiver.mode(SignedWebhookReceiver.Mode.FAIL);
            assertEquals(new AlertDelivery.Report(0, 1, 0, 0), delivery.run());
            assertEquals(1, pending(), "left pending with its delivery count");
            receiver.mode(SignedWebhookReceiver.Mode.ACCEPT);
            assertEquals(new AlertDelivery.Report(0, 0, 0, 0), delivery.run(), "not retried before retry-after");
            Thread.sleep(RETRY_AFTER.toMillis() + 50);
            assertEquals(new AlertDelivery.Report(1, 0, 0, 0), delivery.run());
            assertEquals(0, pending());
            List<SignedWebhookReceiver.Delivery> deliveries = receiver.deliveries();
            assertEquals(List.of("1", "2"), deliveries.stream().map(SignedWebhookReceiver.Delivery::attempt).toList());
            assertEquals(deliveries.get(0).delivery(), deliveries.get(1).delivery(), "the same delivery id on the retry");
            assertEquals(deliveries.get(0).body(), deliveries.get(1).body());
        }
    }

    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ)
    void afterMaxAttemptsTheEventIsDeadLetteredExactlyOnce() throws Exception {
        outbox();
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/budget")) {
            AlertDelivery delivery = delivery(retrying(receiver, 3));
            String runId = crossOneThreshold();
            String outboxId = target.stream(settings.eventStream()).get(0).getId();
            receiver.mode(SignedWebhookReceiver.Mode.FAIL);
            assertEquals(new AlertDelivery.Report(0, 1, 0, 0), delivery.run());
            Thread.sleep(RETRY_AFTER.toMillis() + 50);
            assertEquals(new AlertDelivery.Report(0, 1, 0, 0), delivery.run());
            Thread.sleep(RETRY_AFTER.toMillis() + 50);
            assertEquals(new AlertDelivery.Report(0, 0, 1, 0), delivery.run());
            for (int i = 0; i < 2; i++) {
                Thread.sleep(RETRY_AFTER.toMillis() + 50);
                assertEquals(new AlertDelivery.Report(0, 0, 0, 0), delivery.run(), "nothing left");
            }
            assertEquals(0, pending());
            assertEquals(List.of("1", "2", "3"), receiver.deliveries().stream().map(SignedWebhookReceiver.Delivery::attempt).toList());
            List<StreamMessage<String, String>> dead = target.stream(AlertDelivery.deadLetterStream(settings.eventStream()));
            assertEquals(1, dead.size(), "one dead letter");
            var letter = dead.get(0).getBody();
            assertEquals(outboxId, letter.get("outbox_id"));
            assertEquals("3", letter.get("attempts"));
            assertEquals("HTTP 500", letter.get("last_error"));
            assertEquals("budget.threshold_crossed", letter.get("type"));
            assertEquals(runId, letter.get("run_id"));
            assertNotNull(letter.get("dead_at"));
            String all = letter.toString();
            assertFalse(all.contains(SECRET) || all.contains(receiver.url()) || all.contains("127.0.0.1"), all);
        }
    }

    /**
     * Issue 16: no threshold event lost or doubled when two instances run at once. Once failed under load with
     * "delivered 40, expected 30": retry-after was 150 ms with the default 5 s timeout, so a chunk whose POST took
     * longer than 150 ms (a loaded machine) was claimed and posted again by the run that started later. Settings
     * now refuse a lease shorter than two timeouts. The assertions are on the guarantee, not on how the runs happened
     * to interleave or how fast the machine was: each event counted delivered once over all runs (repeated until
     * nothing is owed), received, and never posted twice as the same attempt. A POST that outlived its timeout on a
     * loaded machine is retried as the next attempt, which receivers drop by X-Safety-Delivery: at least once.
     */
    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ)
    void twoConcurrentRunsDeliverEachEventOnceFreshAndRetried() throws Exception {
        outbox();
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/budget")) {
            AlertSettings alerts = retrying(receiver, 8);
            AlertDelivery first = delivery(alerts);
            LedgerConnection another = target.connect(Duration.ofSeconds(2)); // as a second instance would have
            AlertDelivery second = new AlertDelivery(another, settings, alerts, new AlertWebhook(alerts));
            for (int i = 0; i < 30; i++) {
                crossOneThreshold();
            }
            receiver.mode(SignedWebhookReceiver.Mode.SLOW);
            receiver.pause(150); // three chunks take one run at least 450 ms: the other starts meanwhile
            List<AlertDelivery.Report> fresh = together(first::run, second::run);
            assertTrue(handled(fresh.get(0)) > 0 && handled(fresh.get(1)) > 0, "both runs took a share: " + fresh);
            assertEquals(30, delivered(fresh) + drain(first), "each event counted delivered once: " + fresh);
            assertPostedOnceEach(receiver.deliveries(), 30);

            for (int i = 0; i < 20; i++) {
                crossOneThreshold();
            }
            receiver.mode(SignedWebhookReceiver.Mode.FAIL);
            assertEquals(20, first.run().retried());
            int failed = receiver.deliveries().size();
            receiver.mode(SignedWebhookReceiver.Mode.SLOW);
            Thread.sleep(RETRY_AFTER.toMillis() + 50);
            List<AlertDelivery.Report> retried = together(first::run, second::run);
            assertEquals(20, delivered(retried) + drain(first), "each owed event counted delivered once: " + retried);
            List<SignedWebhookReceiver.Delivery> retries = receiver.deliveries().subList(failed, receiver.deliveries().size());
            assertPostedOnceEach(retries, 20);
            assertEquals(0, pending());
            another.close();
        }
    }

    /**
     * A run that stalls between its claim and its POST for longer than the lease (here in its Redis call; a GC pause
     * would do the same) must not post: another run took the entries meanwhile and delivered them.
     */
    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ)
    void aClaimThatOutlivedItsLeaseIsNotPosted() throws Exception {
        outbox();
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/budget")) {
            AlertSettings alerts = retrying(receiver, 8);
            CountDownLatch read = new CountDownLatch(1);
            LedgerConnection stalling = stallAfterFirstRead(connection, read, RETRY_AFTER.multipliedBy(3));
            AlertDelivery stalled = new AlertDelivery(stalling, settings, alerts, new AlertWebhook(alerts));
            for (int i = 0; i < 10; i++) {
                crossOneThreshold();
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<AlertDelivery.Report> held = pool.submit(stalled::run);
                assertTrue(read.await(10, java.util.concurrent.TimeUnit.SECONDS), "the stalled run read the events");
                Thread.sleep(RETRY_AFTER.toMillis() + 200);
                assertEquals(new AlertDelivery.Report(10, 0, 0, 0), delivery(alerts).run(), "the lease ended: another run took them");
                assertEquals(new AlertDelivery.Report(0, 10, 0, 0), held.get(), "the stalled run posted nothing");
            } finally {
                pool.shutdownNow();
            }
            List<SignedWebhookReceiver.Delivery> deliveries = receiver.deliveries();
            assertEquals(10, deliveries.size(), "no event twice");
            assertEquals(10, deliveries.stream().map(SignedWebhookReceiver.Delivery::delivery).distinct().count());
            assertEquals(0, pending());
        }
    }

    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ)
    void aRunIsBoundedInCountAndTime() throws Exception {
        outbox();
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/budget")) {
            for (int i = 0; i < 12; i++) {
                crossOneThreshold();
            }
            AlertSettings counted = AlertSettings.webhook(receiver.url(), SECRET).withBounds(5, Duration.ofSeconds(2), Duration.ofSeconds(10));
            AlertDelivery byCount = delivery(counted);
            assertEquals(5, byCount.run().delivered());
            assertEquals(5, byCount.run().delivered());
            assertEquals(2, byCount.run().delivered());
            assertEquals(0, byCount.run().delivered());

            for (int i = 0; i < 25; i++) {
                crossOneThreshold();
            }
            receiver.mode(SignedWebhookReceiver.Mode.SLOW);
            receiver.pause(1500);
            // run-time 6 s less one 5 s timeout (the default): the first chunk starts (its POSTs take 1.5 s at least), none
            // after it. With a 1 s timeout (and 1.2 s run-time) a loaded machine had 7, then all 10 POSTs time out.
            AlertDelivery byTime = delivery(AlertSettings.webhook(receiver.url(), SECRET)
                .withBounds(100, Duration.ofSeconds(5), Duration.ofSeconds(6)));
            long start = System.nanoTime();
            AlertDelivery.Report report = byTime.run();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(AlertDelivery.CHUNK, report.delivered());
            assertTrue(millis < 6000, "the run ended within its run-time: " + millis + " ms");
            assertEquals(0, pending(), "nothing claimed and left unattempted");
        }
    }

    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ)
    void withoutAWebhookEventsAreAcknowledgedWithoutSending() {
        outbox();
        for (int i = 0; i < 3; i++) {
            crossOneThreshold();
        }
        AlertSettings none = new AlertSettings(null, null, 8, Duration.ofSeconds(5), Duration.ofSeconds(30), 100, Duration.ofSeconds(40));
        AlertDelivery delivery = delivery(none);
        assertEquals(new AlertDelivery.Report(0, 0, 0, 3), delivery.run());
        assertEquals(0, pending());
        assertEquals(new AlertDelivery.Report(0, 0, 0, 0), delivery.run());
    }

    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ)
    void aWebhookNeedsASecretAndABadUrlIsNotRepeated() {
        IllegalArgumentException noSecret = assertThrows(IllegalArgumentException.class,
            () -> AlertSettings.webhook("https://hooks.example.com/a", null));
        assertTrue(noSecret.getMessage().contains("webhook-secret"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> AlertSettings.webhook("ftp://token-abc123@hooks.example.com/", SECRET));
        assertFalse(bad.getMessage().contains("token-abc123"), bad.getMessage());
    }

    @Test
    @ResourceLock(value = THREADS, mode = ResourceAccessMode.READ)
    void aLeaseShorterThanTwoTimeoutsIsRefused() {
        AlertSettings defaults = AlertSettings.webhook("https://hooks.example.com/a", SECRET);
        IllegalArgumentException shortLease = assertThrows(IllegalArgumentException.class,
            () -> defaults.withRetries(8, Duration.ofMillis(150))); // the setting under which issue 16's test doubled
        assertTrue(shortLease.getMessage().contains("retry-after"), shortLease.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.withBounds(100, Duration.ofSeconds(16), Duration.ofSeconds(40)));
        assertEquals(Duration.ofSeconds(10), defaults.withRetries(8, Duration.ofSeconds(10)).retryAfter());
    }

    private static int handled(AlertDelivery.Report report) {
        return report.delivered() + report.retried();
    }

    /** Every event received, none posted twice as the same attempt (two runs holding one claim would do that). */
    private static void assertPostedOnceEach(List<SignedWebhookReceiver.Delivery> deliveries, int events) {
        assertEquals(events, deliveries.stream().map(SignedWebhookReceiver.Delivery::delivery).distinct().count(), "every event received");
        Set<String> attempts = new HashSet<>();
        for (SignedWebhookReceiver.Delivery d : deliveries) {
            assertTrue(attempts.add(d.delivery() + "#" + d.attempt()), "posted twice as attempt " + d.attempt() + ": " + d.delivery());
        }
    }

    private static int delivered(List<AlertDelivery.Report> reports) {
        return reports.stream().mapToInt(AlertDelivery.Report::delivered).sum();
    }

    /** Runs until nothing is owed (an entry a run left unposted waits retry-after); answers what those runs delivered. */
    private int drain(AlertDelivery delivery) throws InterruptedException {
        int delivered = 0;
        for (int i = 0; i < 8 && pending() > 0; i++) {
            Thread.sleep(RETRY_AFTER.toMillis() + 50);
            delivered += delivery.run().delivered();
        }
        return delivered;
    }

    /** The connection, except that the first read of new entries answers only after a stall (the lease runs meanwhile). */
    private static LedgerConnection stallAfterFirstRead(LedgerConnection real, CountDownLatch read, Duration stall) {
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        return (LedgerConnection) java.lang.reflect.Proxy.newProxyInstance(LedgerConnection.class.getClassLoader(),
            new Class<?>[]{LedgerConnection.class}, (proxy, method, args) -> {
                Object answer;
                try {
                    answer = method.invoke(real, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
                if (method.getName().equals("xreadgroup") && !((List<?>) answer).isEmpty() && once.compareAndSet(false, true)) {
                    read.countDown();
                    Thread.sleep(stall.toMillis());
                }
                return answer;
            });
    }

    @SafeVarargs
    private static List<AlertDelivery.Report> together(Callable<AlertDelivery.Report>... runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(runs.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<AlertDelivery.Report>> futures = new java.util.ArrayList<>();
            for (Callable<AlertDelivery.Report> run : runs) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return run.call();
                }));
            }
            go.countDown();
            List<AlertDelivery.Report> reports = new java.util.ArrayList<>();
            for (Future<AlertDelivery.Report> f : futures) {
                reports.add(f.get());
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }
}
