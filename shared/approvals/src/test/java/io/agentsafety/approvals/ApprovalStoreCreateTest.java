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
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A creation on one server is one script (record, index entries, webhook): everything is written, or, when the script
 * fails or starts after its deadline, nothing at all.
 */
class ApprovalStoreCreateTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);

    @Test
    void oneScriptWritesTheRecordItsIndexesAndItsWebhookOrNothing() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        RedisClient raw = RedisClient.create(RedisURI.create(redis.uri()));
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setTimeout(Duration.ofSeconds(5));
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(uri, Duration.ofSeconds(5));
             StatefulRedisConnection<String, String> other = raw.connect(StringCodec.UTF8)) {
            ApprovalScripts scripts = new ApprovalScripts(connection, BudgetSettings.defaults().withCommandTimeout(Duration.ofSeconds(5)));
            assertTrue(scripts.oneServer());
            ApprovalStore store = new ApprovalStore(scripts, null); // JSON is only read by claims and transitions
            RedisCommands<String, String> sync = other.sync();

            store.create("apr_one", 600_000, fields("apr_one"), 1_000, 301_000, "run-1", "{\"type\":\"approval.requested\"}", 600_000);
            assertEquals(fields("apr_one"), sync.hgetall(ApprovalKeys.record("apr_one")));
            long ttl = sync.pttl(ApprovalKeys.record("apr_one"));
            assertTrue(ttl > 590_000 && ttl <= 600_000, "record lifetime " + ttl);
            for (String index : List.of(ApprovalKeys.all(), ApprovalKeys.status(ApprovalStatus.PENDING), ApprovalKeys.run("run-1"))) {
                assertEquals(1_000.0, sync.zscore(index, "apr_one"), index);
            }
            assertEquals(301_000.0, sync.zscore(ApprovalKeys.expiry(), "apr_one"));
            assertTrue(sync.pttl(ApprovalKeys.run("run-1")) > 590_000);
            assertEquals(1L, sync.xlen(ApprovalKeys.outbox()));

            store.create("apr_two", 600_000, fields("apr_two"), 2_000, 302_000, null, null, 600_000);
            assertEquals(2_000.0, sync.zscore(ApprovalKeys.all(), "apr_two"));
            assertEquals(1L, sync.xlen(ApprovalKeys.outbox()), "no webhook configured: no outbox entry");

            // the record script refuses (the id exists): the index script does not run either
            sync.del(ApprovalKeys.all());
            assertThrows(ProblemException.class, () ->
                store.create("apr_one", 600_000, fields("apr_one"), 3_000, 303_000, "run-1", "{\"type\":\"approval.requested\"}", 600_000));
            assertNull(sync.zscore(ApprovalKeys.all(), "apr_one"));
            assertEquals(1L, sync.xlen(ApprovalKeys.outbox()));
        } finally {
            raw.shutdown();
            redis.stop();
        }
    }

    @Test
    void aCreationQueuedBehindABusyServerWritesNothingAfterIts503() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        RedisClient raw = RedisClient.create(RedisURI.create(redis.uri()));
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setTimeout(TIMEOUT);
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(uri, TIMEOUT);
             StatefulRedisConnection<String, String> other = raw.connect(StringCodec.UTF8)) {
            ApprovalStore store = new ApprovalStore(new ApprovalScripts(connection, BudgetSettings.defaults().withCommandTimeout(TIMEOUT)), null);
            warm(store, other);
            try (BusyRedis busy = BusyRedis.start(redis.port(), Duration.ofSeconds(2))) {
                ProblemException refused = assertThrows(ProblemException.class, () ->
                    store.create("apr_late", 600_000, fields("apr_late"), 1_000, 301_000, "run-1", "{}", 600_000));
                assertEquals(503, refused.status());
                busy.awaitEnd();
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (true) {
                try {
                    assertEquals(0L, other.sync().exists(ApprovalKeys.record("apr_late")), "the timed-out create ran after its 503");
                    assertNull(other.sync().zscore(ApprovalKeys.all(), "apr_late"), "the timed-out index ran after its 503");
                    assertEquals(1L, other.sync().xlen(ApprovalKeys.outbox()), "only the warm-up's webhook");
                    break;
                } catch (io.lettuce.core.RedisBusyException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
        } finally {
            raw.shutdown();
            redis.stop();
        }
    }

    /** As ApprovalScriptsDeadlineTest's warm-up: a first call may outlast 400 ms on a loaded machine; retried while absent. */
    private static void warm(ApprovalStore store, StatefulRedisConnection<String, String> other) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (other.sync().exists(ApprovalKeys.record("apr_warm")) == 0) {
            try {
                store.create("apr_warm", 600_000, fields("apr_warm"), 500, 300_500, "run-1", "{}", 600_000);
            } catch (ProblemException e) {
                if (e.status() != 503 || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Map<String, String> fields(String id) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("status", "pending");
        fields.put("action", "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"production\"}}");
        fields.put("approvals", "[]");
        return fields;
    }
}
