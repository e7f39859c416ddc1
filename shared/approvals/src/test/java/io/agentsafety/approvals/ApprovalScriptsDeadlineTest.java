package io.agentsafety.approvals;

import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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
            assertEquals("CREATED\n\n", scripts.run(ApprovalScripts.Op.CREATE, new String[]{"approval:{apr_warm}"},
                "60000", "status", "pending"));

            // a 1.5 s busy script blocks the single-threaded server, as an overloaded or paused node would
            CompletableFuture<Object> busy = other.async().eval(
                "local s = redis.call('TIME') while true do local t = redis.call('TIME') "
                    + "if (t[1] - s[1]) * 1000000 + (t[2] - s[2]) > 1500000 then return 1 end end",
                ScriptOutputType.INTEGER).toCompletableFuture();
            Thread.sleep(100);
            ProblemException refused = assertThrows(ProblemException.class, () -> scripts.run(ApprovalScripts.Op.CREATE,
                new String[]{"approval:{apr_late}"}, "60000", "status", "pending"));
            assertEquals(503, refused.status());
            assertTrue(refused.problem().detail().contains("nothing was written"), refused.problem().detail());
            busy.get();

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
}
