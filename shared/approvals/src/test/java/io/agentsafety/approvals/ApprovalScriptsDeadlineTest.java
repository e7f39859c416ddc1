package io.agentsafety.approvals;

import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.BusyRedis;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * As for the ledger: an approval transition answered 503 because Redis was busy past the command timeout stays in the
 * socket and runs when the server is free again; its script then sees that its deadline passed and writes nothing.
 */
class ApprovalScriptsDeadlineTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);

    @Test
    void aTransitionQueuedBehindABusyServerIsNotAppliedAfterIts503() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        RedisClient raw = RedisClient.create(RedisURI.create(redis.uri()));
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setTimeout(TIMEOUT);
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(uri, TIMEOUT);
             StatefulRedisConnection<String, String> other = raw.connect(StringCodec.UTF8)) {
            ApprovalScripts scripts = new ApprovalScripts(connection, BudgetSettings.defaults().withCommandTimeout(TIMEOUT));
            warmCreate(scripts, other);

            // a 2 s busy script blocks the single-threaded server, as an overloaded or paused node would; the create is
            // sent once the server is seen blocked (a fixed 100 ms sleep let a loaded machine run it before the script)
            try (BusyRedis busy = BusyRedis.start(redis.port(), Duration.ofSeconds(2))) {
                ProblemException refused = assertThrows(ProblemException.class, () -> scripts.run(ApprovalScripts.Op.CREATE,
                    new String[]{"approval:{apr_late}"}, "60000", "status", "pending"));
                assertEquals(503, refused.status());
                assertTrue(refused.problem().detail().contains("nothing was written"), refused.problem().detail());
                busy.awaitEnd();
            }

            long deadline = System.currentTimeMillis() + 10_000;
            while (true) {
                try {
                    assertEquals(0L, other.sync().exists("approval:{apr_late}"), "the timed-out create ran after its 503");
                    break;
                } catch (io.lettuce.core.RedisBusyException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
            assertEquals(1L, other.sync().exists("approval:{apr_warm}"));
        } finally {
            raw.shutdown();
            redis.stop();
        }
    }

    /**
     * The create before the busy period, waited for: a fresh JVM's first script call may outlast the 400 ms timeout on a
     * loaded machine. Its 503 may hide an applied create (the reply came late), so it is retried only while the record
     * is absent.
     */
    private static void warmCreate(ApprovalScripts scripts, StatefulRedisConnection<String, String> other) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (other.sync().exists("approval:{apr_warm}") == 0) {
            try {
                assertEquals("CREATED\n\n", scripts.run(ApprovalScripts.Op.CREATE, new String[]{"approval:{apr_warm}"},
                    "60000", "status", "pending"));
            } catch (ProblemException e) {
                if (e.status() != 503 || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
