package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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
            ledger.create(runId, 100 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
            for (int i = 0; i < 10; i++) {
                assertEquals(LedgerOutcome.OK, ledger.spend(runId, 1_250_000, true, "k" + i, null).outcome());
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
                LedgerResult r = ledger.spend(runId, 1_250_000, true, "k" + i, null);
                assertEquals(LedgerOutcome.OK, r.outcome());
                replays += r.replayed() ? 1 : 0;
            }
            assertEquals(10, replays);
            BudgetSnapshot s = ledger.status(runId).snapshot();
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
        RedisClient raw = RedisClient.create(RedisURI.create(redis.uri()));
        try (LedgerConnection connection = connect(redis.port());
             StatefulRedisConnection<String, String> blocker = raw.connect(StringCodec.UTF8)) {
            BudgetLedger ledger = ledger(connection);
            String runId = Ids.newId("run");
            ledger.create(runId, 10 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
            // a 1.5 s busy script blocks the single-threaded server, as an overloaded node would
            CompletableFuture<Object> sleep = blocker.async().eval(
                "local s = redis.call('TIME') while true do local t = redis.call('TIME') "
                    + "if (t[1] - s[1]) * 1000000 + (t[2] - s[2]) > 1500000 then return 1 end end",
                io.lettuce.core.ScriptOutputType.INTEGER).toCompletableFuture();
            Thread.sleep(100);
            // keyed: a keyless spend would be re-asked past the stall (KeylessCallsTest); this is about one call's timeout
            long millis = timed503(() -> ledger.spend(runId, UNIT, true, "slow-spend", null));
            assertTrue(millis >= 300 && millis < 1500, "503 after " + millis + " ms");
            sleep.get();
            waitForLedger(ledger, runId);
            // the timed-out spend may have run once the server woke up: the ledger stays exact either way
            long spent = ledger.status(runId).snapshot().spentMicros();
            assertTrue(spent == 0 || spent == UNIT, "spent " + spent);
        } finally {
            raw.shutdown();
            redis.stop();
        }
    }

    @Test
    void noRedisAtFirstUseIs503AndTheConnectionIsOpenedLater() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        redis.stop();
        try (LedgerConnection connection = connect(redis.port())) {
            BudgetLedger ledger = ledger(connection);
            String runId = Ids.newId("run");
            long millis = timed503(() -> ledger.status(runId));
            assertTrue(millis < 1500, "503 after " + millis + " ms");
            redis.start();
            assertEquals(LedgerOutcome.CREATED, ledger.create(runId, UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}").outcome());
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
