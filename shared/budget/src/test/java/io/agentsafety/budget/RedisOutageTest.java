package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.BusyRedis;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis away or slow: every ledger call is a fast 503, nothing passes unchecked, and the ledger recovers. */
class RedisOutageTest {

    private static final long UNIT = 1_000_000L;

    private static BudgetLedger ledger(LedgerConnection connection) {
        BudgetSettings settings = BudgetSettings.defaults().withCommandTimeout(Duration.ofMillis(400));
        LedgerScripts scripts = new LedgerScripts(connection, settings);
        return new BudgetLedger(scripts, new BudgetEvents(connection, scripts, settings), settings);
    }

    private static LedgerConnection connect(int port) {
        RedisURI uri = RedisURI.create("redis://127.0.0.1:" + port);
        uri.setTimeout(Duration.ofMillis(400));
        return LettuceLedgerConnection.standalone(uri, Duration.ofMillis(400));
    }

    private static long timed503(Runnable call) {
        long start = System.nanoTime();
        ProblemException e = assertThrows(ProblemException.class, call::run);
        assertEquals(503, e.status());
        assertEquals("ledger_unavailable", e.problem().code());
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void stoppedRedisAnswers503FastAndRetriedSpendsAfterRestartAreChargedExactlyOnce() throws Exception {
        Path dir = Files.createTempDirectory("budget-aof");
        int port = EmbeddedRedis.freePort();
        // persistence on: this test is about the ledger's consistency across a server restart
        RedisServer server = RedisServer.builder().port(port).bind("127.0.0.1").setting("dir " + dir)
            .setting("appendonly yes").setting("appendfsync always").setting("save \"\"").build();
        server.start();
        try (LedgerConnection connection = connect(port)) {
            BudgetLedger ledger = ledger(connection);
            BudgetCircuitGuard guard = new BudgetCircuitGuard(connection);
            String runId = Ids.newId("run");
            // before the outage, answers are waited for: a cold JVM's first calls may outlast the 400 ms timeout
            Answered.created(() -> ledger.create(runId, 100 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
            for (int i = 0; i < 10; i++) {
                String key = "k" + i;
                assertEquals(LedgerOutcome.OK, Answered.retried(() -> ledger.spend(runId, 1_250_000, true, key, null)).outcome());
            }
            server.stop();
            for (int i = 10; i < 20; i++) {
                int key = i;
                long millis = timed503(() -> ledger.spend(runId, 1_250_000, true, "k" + key, null));
                assertTrue(millis < 1500, "503 took " + millis + " ms");
            }
            timed503(() -> guard.isCircuitOpen(runId));
            timed503(() -> ledger.status(runId));

            server.start();
            waitForLedger(ledger, runId);
            // the client retries everything, as a Step Functions retry policy would: no double charge
            int replays = 0;
            for (int i = 0; i < 20; i++) {
                String key = "k" + i;
                // keyed, so a 503 here (a slow answer on a loaded machine) is retried: the retry replays what the first
                // attempt applied, never charges twice. Only a first answer tells whether the outage applied anything.
                LedgerResult r;
                try {
                    r = ledger.spend(runId, 1_250_000, true, key, null);
                    assertEquals(i < 10, r.replayed(), key + ": replayed only if charged before the outage");
                } catch (ProblemException slow) {
                    assertEquals(503, slow.status());
                    r = Answered.retried(() -> ledger.spend(runId, 1_250_000, true, key, null));
                    assertTrue(i >= 10 || r.replayed(), key + " was charged before the outage");
                }
                assertEquals(LedgerOutcome.OK, r.outcome());
                replays += i < 10 && r.replayed() ? 1 : 0;
            }
            assertEquals(10, replays);
            BudgetSnapshot s = Answered.retried(() -> ledger.status(runId)).snapshot();
            assertEquals(25 * UNIT, s.spentMicros());
            assertEquals(20, s.spendCount());
            assertFalse(guard.isCircuitOpen(runId));
        } finally {
            server.stop();
            EmbeddedCluster.deleteTree(dir);
        }
    }

    @Test
    void aSlowRedisAnswers503WithinTheCommandTimeout() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        try (LedgerConnection connection = connect(redis.port())) {
            BudgetLedger ledger = ledger(connection);
            String runId = Ids.newId("run");
            Answered.created(() -> ledger.create(runId, 10 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
            // a 2 s busy script blocks the single-threaded server, as an overloaded node would; the spend is sent once the
            // server is seen blocked, so it meets its 400 ms timeout whatever the machine's load
            try (BusyRedis busy = BusyRedis.start(redis.port(), Duration.ofSeconds(2))) {
                // keyed: a keyless spend would be re-asked past the stall (KeylessCallsTest); this is about one call's timeout
                long millis = timed503(() -> ledger.spend(runId, UNIT, true, "slow-spend", null));
                assertTrue(millis >= 300 && millis < 1500, "503 after " + millis + " ms");
                busy.awaitEnd();
            }
            waitForLedger(ledger, runId);
            // the timed-out spend may have run once the server woke up: the ledger stays exact either way
            long spent = ledger.status(runId).snapshot().spentMicros();
            assertTrue(spent == 0 || spent == UNIT, "spent " + spent);
        } finally {
            redis.stop();
        }
    }

    @Test
    void noRedisAtFirstUseIs503AndTheConnectionIsOpenedLater() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        redis.stop();
        // the JVM's first Redis client loads Lettuce's and Netty's classes, seconds on a loaded machine: not what is timed
        try (LedgerConnection cold = connect(redis.port())) {
            timed503(() -> ledger(cold).status(Ids.newId("run")));
        }
        try (LedgerConnection connection = connect(redis.port())) {
            BudgetLedger ledger = ledger(connection);
            String runId = Ids.newId("run");
            long millis = timed503(() -> ledger.status(runId));
            assertTrue(millis < 1500, "503 after " + millis + " ms");
            redis.start();
            // the same client opens its connection once Redis is up (the first answer may take more than 400 ms to come)
            Answered.created(() -> ledger.create(runId, UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
            assertEquals(UNIT, Answered.retried(() -> ledger.status(runId)).snapshot().limitMicros());
        } finally {
            redis.stop();
        }
    }

    private static void waitForLedger(BudgetLedger ledger, String runId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                ledger.status(runId);
                return;
            } catch (ProblemException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
