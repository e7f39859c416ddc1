package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: Redis faults under concurrent load. Eight callers spend, reserve-and-commit and ask can-spend against three
 * budgets (retrying 503s with their idempotency keys) while Redis's connections are dropped, the server is killed and
 * restarted, its memory is full, or it is paused. During the fault the answers are 503 (never a 500, never an allow
 * that the ledger did not record); afterwards, with no restart of the client, each ledger equals the sum of the
 * acknowledged amounts exactly and each crossed threshold is in the budget's event stream exactly once.
 * Figures: docs/reliability/faults.md.
 */
class LedgerFaultsUnderLoadTest {

    private static final long AMOUNT = 1_234_567L;   // 1.234567: not a round number, so any drift shows
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final int CALLERS = 8;

    private PersistentRedis redis;
    private RedisTarget target;
    private LedgerConnection connection;
    private BudgetLedger ledger;
    private BudgetEvents events;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> admin;

    @BeforeEach
    void start() {
        redis = new PersistentRedis();
        target = RedisTarget.standalone(redis.uri());
        connection = target.connect(TIMEOUT);
        BudgetSettings settings = BudgetSettings.defaults().withCommandTimeout(TIMEOUT);
        LedgerScripts scripts = new LedgerScripts(connection, settings);
        events = new BudgetEvents(connection, scripts, settings);
        ledger = new BudgetLedger(scripts, events, settings);
        adminClient = RedisClient.create(RedisURI.create(redis.uri()));
        admin = adminClient.connect(StringCodec.UTF8);
    }

    @AfterEach
    void stop() {
        admin.close();
        adminClient.shutdown();
        connection.close();
        target.close();
        redis.close();
    }

    /** Three budgets: one that runs out during the test (all thresholds crossed, then refusals), two that last longer. */
    private Map<String, Long> budgets() throws InterruptedException {
        Map<String, Long> limits = new LinkedHashMap<>();
        for (long amounts : new long[]{40, 200, 1_000_000}) {
            String runId = Ids.newId("run");
            long limit = amounts * AMOUNT;
            Answered.created(() -> ledger.create(runId, limit, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}"));
            limits.put(runId, limit);
        }
        return limits;
    }

    private LedgerLoad.Result load(Map<String, Long> limits, LedgerLoad.Fault fault) throws Exception {
        return new LedgerLoad(ledger, List.copyOf(limits.keySet()), AMOUNT, CALLERS, Duration.ofSeconds(15))
            .run(Duration.ofMillis(300), fault, Duration.ofMillis(700));
    }

    private void report(String fault, LedgerLoad.Result result, LedgerExactness.Verdict verdict, Map<String, Long> limits) {
        StringBuilder spent = new StringBuilder();
        limits.forEach((run, limit) -> spent.append(String.format(" %d/%d", result.spent(run) / AMOUNT, limit / AMOUNT)));
        long unknown = result.unknownOutcome.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("[faults] %s: %s; spent/limit (in amounts):%s; keyless spends answered 503 with their key and "
            + "resolved by a retry with it: %d; left unknown: %d, of which applied: %d; duplicate feed copies %d%n", fault,
            result.summary(), spent, result.keylessResolved.get(), unknown, verdict.appliedDespite503(), verdict.duplicateCopies());
        assertEquals(0, unknown, "every keyless spend's outcome is known: answered, or its 503 named the key a retry resolves");
    }

    @Test
    void droppedConnectionsUnderLoadLoseAndDoubleNothing() throws Exception {
        Map<String, Long> limits = budgets();
        AtomicLong killed = new AtomicLong();
        LedgerLoad.Result result = load(limits, () -> {
            // CLIENT KILL TYPE normal every 100 ms for 2 s: every connection but this one (SKIPME yes) is dropped
            for (int i = 0; i < 20; i++) {
                killed.addAndGet(admin.sync().clientKill(KillArgs.Builder.typeNormal()));
                Thread.sleep(100);
            }
        });
        LedgerExactness.Verdict verdict = LedgerExactness.assertExact(target, ledger, events, result, limits, true);
        report("CLIENT KILL x20 (" + killed.get() + " connections)", result, verdict, limits);
        assertTrue(killed.get() >= 20, "the ledger's connection was dropped every time: " + killed.get());
    }

    @Test
    void killDashNineAndRestartUnderLoadLosesNoAcknowledgedSpend() throws Exception {
        Map<String, Long> limits = budgets();
        LedgerLoad.Result result = load(limits, () -> redis.crashAndRestart(1000));
        LedgerExactness.Verdict verdict = LedgerExactness.assertExact(target, ledger, events, result, limits, true);
        report("kill -9, restart after 1 s (AOF, appendfsync always)", result, verdict, limits);
        assertTrue(result.unavailable.get() > 0, "the crash produced 503s");
    }

    @Test
    void fullMemoryUnderLoadIs503AndNothingHalfWritten() throws Exception {
        Map<String, Long> limits = budgets();
        LedgerLoad.Result result = load(limits, () -> {
            // noeviction (PersistentRedis): every write is refused with OOM until the limit is raised again
            admin.sync().configSet("maxmemory", "1");
            Thread.sleep(1500);
            admin.sync().configSet("maxmemory", "0");
        });
        LedgerExactness.Verdict verdict = LedgerExactness.assertExact(target, ledger, events, result, limits, true);
        report("maxmemory 1 byte (noeviction) for 1.5 s", result, verdict, limits);
        assertTrue(result.unavailable.get() > 0, "the OOM produced 503s");
    }

    @Test
    void pausedServerUnderLoadNeverAllowsWhatTheLedgerDidNotRecord() throws Exception {
        Map<String, Long> limits = budgets();
        ProcessHandle server = RedisProcess.of(redis.port());
        LedgerLoad.Result result;
        try {
            result = load(limits, () -> {
                // SIGSTOP for 1.5 s: every queued command waits past its deadline and is refused when the server resumes
                RedisProcess.signal(server, "STOP");
                Thread.sleep(1500);
                RedisProcess.signal(server, "CONT");
            });
        } finally {
            RedisProcess.signal(server, "CONT");
        }
        // reservations answered "created" are exactly the reserved amount; can-spend never allowed after a refusal
        LedgerExactness.Verdict verdict = LedgerExactness.assertExact(target, ledger, events, result, limits, true);
        report("SIGSTOP for 1.5 s", result, verdict, limits);
        assertTrue(result.unavailable.get() > 0, "the pause produced 503s");
    }
}
