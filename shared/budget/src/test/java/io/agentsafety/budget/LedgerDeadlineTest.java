package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.BusyRedis;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: "503 with nothing written" is true by construction. A spend or reserve answered 503 because Redis was
 * paused (SIGSTOP) or blocked past the command timeout stays in the socket and runs when the server resumes; its
 * script then sees, by the server's own clock, that its deadline passed and writes nothing — so a client retry
 * without an idempotency key cannot spend twice. The one call that can be applied behind its 503 is one the server had
 * already run when it froze (its reply not yet written, or its script stopped midway): no deadline can cover that, so
 * a keyless call's 503 names the key under which a retry learns its outcome exactly (KeylessCalls), and the SIGSTOP
 * test checks that contract: at most one such call per caller, and after the retries every call applied once.
 */
class LedgerDeadlineTest {

    private static final long UNIT = 1_000_000L;
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    /** Concurrent callers of the SIGSTOP test. */
    private static final int CALLERS = 4;

    private static BudgetLedger ledger(LedgerConnection connection) {
        BudgetSettings settings = BudgetSettings.defaults().withCommandTimeout(TIMEOUT);
        LedgerScripts scripts = new LedgerScripts(connection, settings);
        return new BudgetLedger(scripts, new BudgetEvents(connection, scripts, settings), settings);
    }

    private static LedgerConnection connect(int port) {
        RedisURI uri = RedisURI.create("redis://127.0.0.1:" + port);
        uri.setTimeout(TIMEOUT);
        return LettuceLedgerConnection.standalone(uri, TIMEOUT);
    }

    private static void assertNothingWritten503(Runnable call) {
        ProblemException e = assertThrows(ProblemException.class, call::run);
        assertEquals(503, e.status());
        assertEquals("ledger_unavailable", e.problem().code());
        assertTrue(e.problem().detail().contains("retry with the same idempotency_key"), e.problem().detail());
    }

    @Test
    void spendsQueuedBehindABusyServerAreNotAppliedAfterTheir503() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        try (LedgerConnection connection = connect(redis.port())) {
            BudgetLedger ledger = ledger(connection);
            String runId = Ids.newId("run");
            Answered.created(() -> ledger.create(runId, 10 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
            // a 3 s busy script blocks the single-threaded server, as an overloaded node would: both calls below (400 ms
            // deadlines each) are sent once the server is seen blocked, and reach it while it is, even on a loaded machine
            try (BusyRedis busy = BusyRedis.start(redis.port(), Duration.ofSeconds(3))) {
                // keyed calls: a keyless one is re-asked past the stall instead (KeylessCallsTest), this is about one call's deadline
                assertNothingWritten503(() -> ledger.spend(runId, UNIT, false, "deadline-spend", null));
                assertNothingWritten503(() -> ledger.reserve(runId, 2 * UNIT, 300, "deadline-reserve"));
                busy.awaitEnd();
            }
            BudgetSnapshot after = awaitStatus(ledger, runId);
            assertEquals(0, after.spentMicros(), "the timed-out spend ran after the server woke up");
            assertEquals(0, after.reservedMicros(), "the timed-out reservation ran after the server woke up");
            // and the ledger works normally afterwards
            // (keyed and waited for: a 400 ms timeout on a loaded machine is not what this checks)
            assertEquals(LedgerOutcome.OK, Answered.retried(() -> ledger.spend(runId, UNIT, true, "after-busy", null)).outcome());
            assertEquals(UNIT, Answered.retried(() -> ledger.status(runId)).snapshot().spentMicros());
        } finally {
            redis.stop();
        }
    }

    @Test
    void sigstopDuringConcurrentSpendsLosesNothingAndDoublesNothing() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        ProcessHandle server = RedisProcess.of(redis.port());
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try (LedgerConnection connection = connect(redis.port())) {
            BudgetLedger ledger = ledger(connection);
            String runId = Ids.newId("run");
            Answered.created(() -> ledger.create(runId, 1_000_000 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
            CountDownLatch paused = new CountDownLatch(1);
            CountDownLatch refused = new CountDownLatch(CALLERS);
            // each call's answer: null when acknowledged, else the idempotency key its 503 named
            List<Future<String>> spends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                spends.add(pool.submit(() -> {
                    if (n == 40) {
                        RedisProcess.signal(server, "STOP");
                        paused.countDown();
                    }
                    try {
                        assertEquals(LedgerOutcome.OK, ledger.spend(runId, UNIT, true, null, null).outcome());
                        return null;
                    } catch (ProblemException e) {
                        assertEquals(503, e.status());
                        refused.countDown();
                        String key = e.problem().idempotencyKey();
                        assertTrue(key != null && !key.isEmpty(), "a keyless call's 503 names its key");
                        return key;
                    }
                }));
            }
            // The paused server holds every spend sent to it past its deadline. It resumes once the callers have had
            // CALLERS spends answered 503 (each after its keyless re-asks), not after a fixed count of submitted spends:
            // that made ~80 spends in a row wait out their whole re-ask window (~45 s of the test's 50 s).
            assertTrue(paused.await(30, TimeUnit.SECONDS), "the server was paused");
            assertTrue(refused.await(60, TimeUnit.SECONDS), "the pause produced 503s");
            RedisProcess.signal(server, "CONT");
            List<String> unknown = new ArrayList<>();
            for (Future<String> spend : spends) {
                String key = spend.get();
                if (key != null) {
                    unknown.add(key);
                }
            }
            // What a client does with such a 503: retry with the key it names, and learn the outcome exactly — the
            // applied answer replayed, or the call applied now, once. Only a call the server had already run when it
            // was stopped (its reply not yet written; at most one per caller) can be applied behind its 503; every
            // call that reached the server past its deadline wrote nothing.
            int appliedBehind503 = 0;
            for (String key : unknown) {
                LedgerResult retried = awaitSpend(ledger, runId, key);
                assertEquals(LedgerOutcome.OK, retried.outcome());
                appliedBehind503 += retried.replayed() ? 1 : 0;
                assertTrue(ledger.spend(runId, UNIT, true, key, null).replayed(), "a second retry replays, never spends again");
            }
            BudgetSnapshot after = awaitStatus(ledger, runId);
            assertTrue(unknown.size() >= CALLERS, "the pause produced 503s");
            assertTrue(appliedBehind503 <= CALLERS, appliedBehind503 + " of " + unknown.size()
                + " calls answered 503 were applied: more than the calls in the server when it was stopped");
            assertEquals(200 * UNIT, after.spentMicros(),
                "every call applied exactly once (" + unknown.size() + " answered 503, " + appliedBehind503
                    + " of them already applied)");
        } finally {
            RedisProcess.signal(server, "CONT");
            pool.shutdownNow();
            redis.stop();
        }
    }

    private static LedgerResult awaitSpend(BudgetLedger ledger, String runId, String key) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return ledger.spend(runId, UNIT, true, key, null);
            } catch (ProblemException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static BudgetSnapshot awaitStatus(BudgetLedger ledger, String runId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return ledger.status(runId).snapshot();
            } catch (ProblemException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
