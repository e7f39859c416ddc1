package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a keyless call's record lives (embedded Redis, the real scripts): a field of one of the run's two slot hashes,
 * named by the call's key, never a key of its own; the hash expires at the start of the next period of its parity by
 * Redis's clock (so the record lives at least {@link KeylessCalls#RECORD_TTL}); an expiry is only ever raised; a
 * retry with the key finds the record in either slot; a caller's own key keeps its record key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeylessRecordsTest {

    private static final long UNIT = 1_000_000L;
    private static final long PERIOD_MS = KeylessCalls.RECORD_TTL.toMillis();

    private LedgerConnection connection;
    private BudgetLedger ledger;
    private RedisClient client;
    private StatefulRedisConnection<String, String> plain;
    private RedisCommands<String, String> redis;

    @BeforeAll
    void start() {
        String uri = EmbeddedRedis.shared().uri();
        connection = LettuceLedgerConnection.standalone(RedisURI.create(uri), Duration.ofSeconds(5));
        BudgetSettings settings = BudgetSettings.defaults();
        LedgerScripts scripts = new LedgerScripts(connection, settings);
        ledger = new BudgetLedger(scripts, new BudgetEvents(connection, scripts, settings), settings);
        client = RedisClient.create(RedisURI.create(uri));
        plain = client.connect(StringCodec.UTF8);
        redis = plain.sync();
    }

    @AfterAll
    void stop() {
        plain.close();
        client.shutdown();
        connection.close();
    }

    private String budget() {
        String runId = Ids.newId("run");
        ledger.create(runId, 100 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
        return runId;
    }

    /** The slot hash of this parity for the call key's shard. */
    private static String slot(String runId, String key, int parity) {
        return BudgetKeys.forKeylessCall(runId, key)[parity == 0 ? 3 : 7];
    }

    private List<String> slotHashes(String runId) {
        return redis.keys("budget:{" + runId + "}:calls:*");
    }

    private long redisNowMs() {
        List<String> time = redis.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /** The slot hash the record of a call made now goes to. */
    private int parityNow() {
        return (int) ((redisNowMs() / PERIOD_MS) % 2);
    }

    private List<String> recordKeys(String runId) {
        return redis.keys("budget:{" + runId + "}:idem:*");
    }

    @Test
    void aKeylessSpendKeepsItsRecordInTheSlotHashOfItsPeriodNotInAKeyOfItsOwn() {
        String runId = budget();
        long before = redisNowMs();
        ledger.spend(runId, UNIT, true, null, null);
        ledger.reserve(runId, UNIT, 60, null);
        long after = redisNowMs();
        assertEquals(List.of(), recordKeys(runId), "no record key per call");
        List<String> hashes = slotHashes(runId);
        int fields = 0;
        for (String hash : hashes) {
            assertTrue(hash.matches("budget:\\{" + runId + "}:calls:([0-9]|[1-5][0-9]|6[0-3]):[01]"), hash);
            for (Map.Entry<String, String> record : redis.hgetall(hash).entrySet()) {
                assertTrue(KeylessCalls.isServiceKey(record.getKey()), record.getKey());
                assertEquals(hash, slot(runId, record.getKey(), hash.endsWith(":0") ? 0 : 1), "the shard of its key");
                assertTrue(record.getValue().contains("\n"), "generation, fingerprint, answer");
                fields++;
            }
            long expiresAt = redis.pexpiretime(hash);
            int parity = hash.endsWith(":0") ? 0 : 1;
            assertEquals(0, expiresAt % PERIOD_MS, "at a period's start: " + expiresAt);
            assertEquals(parity, (expiresAt / PERIOD_MS) % 2, "the start of the next period of the slot's parity");
            assertTrue(expiresAt >= after + PERIOD_MS - 1000 && expiresAt <= before + 2 * PERIOD_MS,
                "a record made now lives at least one period, less than two: " + (expiresAt - before));
        }
        assertEquals(2, fields, "one field per call: " + hashes);
    }

    @Test
    void aRetryWithTheKeyFindsTheRecordInEitherSlot() {
        String runId = budget();
        String key = KeylessCalls.newKey();
        assertFalse(ledger.spend(runId, 3 * UNIT, true, key, "job").replayed(), "a 503's key retried: applied once");
        int parity = parityNow();
        String record = redis.hget(slot(runId, key, parity), key);
        assertTrue(record != null || redis.hget(slot(runId, key, 1 - parity), key) != null, "kept in a slot hash");
        assertEquals(List.of(), recordKeys(runId));
        // the period turns over between the call and its retry: the record is in the other slot
        String from = record != null ? slot(runId, key, parity) : slot(runId, key, 1 - parity);
        String to = record != null ? slot(runId, key, 1 - parity) : slot(runId, key, parity);
        redis.hset(to, key, redis.hget(from, key));
        redis.hdel(from, key);
        LedgerResult retried = ledger.spend(runId, 3 * UNIT, true, key, "job");
        assertTrue(retried.replayed(), "found in the other slot");
        assertEquals(3 * UNIT, ledger.status(runId).snapshot().spentMicros(), "not applied again");
        assertEquals(LedgerOutcome.IDEMPOTENCY_CONFLICT, ledger.spend(runId, 4 * UNIT, true, key, "job").outcome(),
            "another call under the key is refused, as for any key");
    }

    @Test
    void anExpiryIsRaisedNeverLowered() {
        String runId = budget();
        String key = KeylessCalls.newKey();
        long far = redisNowMs() + 7 * 24 * 3600_000L;
        for (int parity = 0; parity < 2; parity++) {
            redis.hset(slot(runId, key, parity), "other", "x");
            redis.pexpireat(slot(runId, key, parity), far);
        }
        ledger.spend(runId, UNIT, false, key, null);
        assertEquals(far, redis.pexpiretime(slot(runId, key, 0)), "a later expiry (a master whose clock ran ahead) is kept");
        assertEquals(far, redis.pexpiretime(slot(runId, key, 1)));

        String other = budget();
        String otherKey = KeylessCalls.newKey();
        for (int parity = 0; parity < 2; parity++) {
            redis.hset(slot(other, otherKey, parity), "other", "x");
        }
        ledger.spend(other, UNIT, false, otherKey, null);
        long expiresAt = redis.pexpiretime(slot(other, otherKey, parityNow()));
        assertTrue(expiresAt > 0 && expiresAt % PERIOD_MS == 0, "a hash without expiry gets its period's: " + expiresAt);
    }

    @Test
    void aCallersOwnKeyKeepsItsRecordKey() {
        String runId = budget();
        ledger.spend(runId, UNIT, true, "order-17", null);
        assertEquals(List.of("budget:{" + runId + "}:idem:order-17"), recordKeys(runId));
        assertEquals(List.of(), slotHashes(runId));
        assertTrue(ledger.spend(runId, UNIT, true, "order-17", null).replayed());
    }

    @Test
    void onlyTheServiceKeyFormIsAServiceKey() {
        assertTrue(KeylessCalls.isServiceKey(KeylessCalls.newKey()));
        assertTrue(KeylessCalls.isServiceKey("call_0123456789abcdef0123456789abcdef"));
        assertFalse(KeylessCalls.isServiceKey("call_0123456789ABCDEF0123456789abcdef"), "upper case");
        assertFalse(KeylessCalls.isServiceKey("call_0123456789abcdef0123456789abcde"), "short");
        assertFalse(KeylessCalls.isServiceKey("call_0123456789abcdef0123456789abcdef0"), "long");
        assertFalse(KeylessCalls.isServiceKey("cal_l0123456789abcdef0123456789abcdef"));
        assertFalse(KeylessCalls.isServiceKey("order-17"));
    }
}
