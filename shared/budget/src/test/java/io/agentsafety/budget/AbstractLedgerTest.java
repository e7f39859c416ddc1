package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's behaviour, run unchanged against one Redis server and against a 3-master Redis Cluster.
 * Every test uses its own run id, so tests share one server without interfering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractLedgerTest {

    static final long UNIT = 1_000_000L;

    RedisTarget target;
    LedgerConnection connection;
    BudgetLedger ledger;

    abstract RedisTarget startTarget() throws Exception;

    abstract void stopTarget();

    @BeforeAll
    void setUpLedger() throws Exception {
        target = startTarget();
        connection = target.connect(Duration.ofSeconds(2));
        BudgetSettings settings = BudgetSettings.defaults();
        ledger = new BudgetLedger(new LedgerScripts(connection), new BudgetEvents(connection, new LedgerScripts(connection), settings), settings);
    }

    @AfterAll
    void tearDownLedger() {
        connection.close();
        target.close();
        stopTarget();
    }

    static String run() {
        return Ids.newId("run");
    }

    static long micros(String units) {
        return io.agentsafety.core.Money.toMicros(new BigDecimal(units));
    }

    LedgerResult create(String runId, String limit) {
        return ledger.create(runId, micros(limit), "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
    }

    @Test
    void createReturnsTheStatusAndIsIdempotentForTheSameParameters() {
        String runId = run();
        LedgerResult created = create(runId, "25.50");
        assertEquals(LedgerOutcome.CREATED, created.outcome());
        BudgetSnapshot s = created.snapshot();
        assertEquals(micros("25.5"), s.limitMicros());
        assertEquals(0, s.spentMicros());
        assertEquals("USD", s.currency());
        assertEquals(List.of("0.5", "0.8", "0.9", "1"), s.thresholds());
        assertTrue(s.expiresAt() - s.createdAt() >= 3_599_000 && s.expiresAt() - s.createdAt() <= 3_600_000);
        assertEquals(LedgerOutcome.EXISTS, create(runId, "25.50").outcome());
        assertEquals(LedgerOutcome.CONFLICT, create(runId, "26").outcome());
        assertEquals(LedgerOutcome.CONFLICT, ledger.create(runId, micros("25.5"), "EUR", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}").outcome());
        long ttl = target.pttl(BudgetKeys.state(runId));
        assertTrue(ttl > 3_590_000 && ttl <= 3_600_000, "ttl " + ttl);
    }

    @Test
    void moneyIsExactEvenAtTheExtremes() {
        String runId = run();
        create(runId, "1");
        ledger.spend(runId, micros("0.1"), false, null, null);
        LedgerResult result = ledger.spend(runId, micros("0.2"), false, null, null);
        assertEquals(micros("0.3"), result.snapshot().spentMicros());
        assertEquals("0.3", io.agentsafety.core.Money.toDecimal(result.snapshot().spentMicros()).toString());

        String big = run();
        create(big, "1000000000000");
        ledger.spend(big, micros("999999999999.999999"), true, null, null);
        LedgerResult full = ledger.spend(big, 1, true, null, null);
        assertEquals(LedgerOutcome.OK, full.outcome());
        assertEquals(micros("1000000000000"), full.snapshot().spentMicros());
        assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, ledger.spend(big, 1, true, null, null).outcome());
        LedgerResult over = ledger.spend(big, micros("1000000000000"), false, null, null);
        assertEquals(micros("2000000000000"), over.snapshot().spentMicros());
        assertTrue(over.snapshot().exceeded());
        assertEquals(0, over.snapshot().remainingMicros());
    }

    @Test
    void recordedSpendPastTheLimitOpensTheBreakerWhichRefusesEnforcedSpendsAndReservations() {
        String runId = run();
        create(runId, "10");
        LedgerResult atLimit = ledger.spend(runId, micros("10"), false, null, null);
        assertFalse(atLimit.snapshot().exceeded(), "reaching the limit is not passing it");
        LedgerResult over = ledger.spend(runId, micros("0.000001"), false, null, null);
        assertTrue(over.snapshot().exceeded());
        assertTrue(over.snapshot().circuitOpen());
        assertTrue(over.events().contains("exceeded") && over.events().contains("circuit_opened"));
        assertEquals(LedgerOutcome.CIRCUIT_OPEN, ledger.spend(runId, 1, true, null, null).outcome());
        assertEquals(LedgerOutcome.CIRCUIT_OPEN, ledger.reserve(runId, 1, 60, null).outcome());
        assertEquals(new LedgerDetail.CanSpend(LedgerOutcome.CIRCUIT_OPEN), ledger.canSpend(runId, 1).detail());

        LedgerResult raised = ledger.update(runId, micros("20"), null);
        assertFalse(raised.snapshot().exceeded());
        assertTrue(raised.snapshot().circuitOpen(), "only a deliberate close closes the breaker");
        LedgerResult closed = ledger.update(runId, null, false);
        assertFalse(closed.snapshot().circuitOpen());
        assertEquals(List.of("circuit_closed"), closed.events());
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, micros("1"), true, null, null).outcome());
        assertEquals(1L, target.eventCounts(runId).get("budget.circuit_closed"));

        LedgerResult lowered = ledger.update(runId, micros("5"), null);
        assertTrue(lowered.snapshot().exceeded());
        assertTrue(lowered.snapshot().circuitOpen());
    }

    @Test
    void enforcedSpendThatDoesNotFitRecordsNothing() {
        String runId = run();
        create(runId, "1");
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, micros("0.75"), true, null, null).outcome());
        LedgerResult refused = ledger.spend(runId, micros("0.250001"), true, null, null);
        assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, refused.outcome());
        assertEquals(micros("0.75"), refused.snapshot().spentMicros());
        assertEquals(1, refused.snapshot().spendCount());
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, micros("0.25"), true, null, null).outcome());
        assertEquals(LedgerOutcome.NOT_FOUND, ledger.spend(run(), 1, true, null, null).outcome());
    }

    @Test
    void canSpendCountsReservationsAndChangesNothing() {
        String runId = run();
        create(runId, "5");
        ledger.reserve(runId, micros("3"), 60, null);
        assertEquals(new LedgerDetail.CanSpend(LedgerOutcome.OK), ledger.canSpend(runId, micros("2")).detail());
        LedgerResult no = ledger.canSpend(runId, micros("2.000001"));
        assertEquals(new LedgerDetail.CanSpend(LedgerOutcome.INSUFFICIENT_BUDGET), no.detail());
        assertEquals(micros("2"), no.snapshot().remainingMicros());
        assertEquals(0, no.snapshot().spentMicros());
        assertEquals(LedgerOutcome.NOT_FOUND, ledger.canSpend(run(), 1).outcome());
    }

    @Test
    void reserveCommitLowerHigherAndRelease() {
        String runId = run();
        create(runId, "10");
        LedgerResult r1 = ledger.reserve(runId, micros("4"), 60, null);
        assertEquals(LedgerOutcome.CREATED, r1.outcome());
        String id1 = r1.reservation().id();
        assertEquals(runId, ReservationIds.runIdOf(id1));
        assertEquals(micros("4"), r1.snapshot().reservedMicros());
        assertEquals(micros("6"), r1.snapshot().remainingMicros());
        assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, ledger.reserve(runId, micros("6.01"), 60, null).outcome());

        LedgerResult lower = ledger.commit(id1, micros("2.5"), false);
        assertEquals(LedgerOutcome.OK, lower.outcome());
        assertEquals(micros("2.5"), lower.snapshot().spentMicros());
        assertEquals(0, lower.snapshot().reservedMicros());
        assertTrue(ledger.commit(id1, micros("2.5"), false).replayed(), "a retried commit replays");
        assertEquals(micros("2.5"), ledger.status(runId).snapshot().spentMicros());
        assertEquals(LedgerOutcome.IDEMPOTENCY_CONFLICT, ledger.commit(id1, micros("3"), false).outcome());

        String id2 = ledger.reserve(runId, micros("1"), 60, null).reservation().id();
        LedgerResult tooHigh = ledger.commit(id2, micros("8"), false);
        assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, tooHigh.outcome(), "2.5 spent + 8 passes the limit of 10");
        assertEquals(micros("1"), tooHigh.snapshot().reservedMicros(), "the reservation stays open");
        LedgerResult higher = ledger.commit(id2, micros("8"), true);
        assertEquals(micros("10.5"), higher.snapshot().spentMicros());
        assertEquals(micros("0.5"), higher.settlement().overrunMicros(), "the overrun past the limit");
        assertTrue(higher.snapshot().exceeded(), "with allow_overrun the actual cost is recorded past the limit");

        ledger.update(runId, micros("100"), false);
        String id3 = ledger.reserve(runId, micros("7"), 60, null).reservation().id();
        LedgerResult released = ledger.release(id3);
        assertEquals(0, released.snapshot().reservedMicros());
        assertEquals(micros("10.5"), released.snapshot().spentMicros());
        assertTrue(ledger.release(id3).replayed());
        assertEquals(LedgerOutcome.IDEMPOTENCY_CONFLICT, ledger.commit(id3, micros("1"), false).outcome());
        assertEquals(LedgerOutcome.RESERVATION_NOT_FOUND, ledger.release(ReservationIds.newId(runId)).outcome());
    }

    /** Issue 13 probe: actual_amount 50 on a reservation of 1 and a limit of 10 was recorded as spent 50. */
    @Test
    void aCommitBeyondTheReservationMustFitTheLimitAndARefusalLeavesTheReservationOpen() {
        String runId = run();
        create(runId, "10");
        LedgerResult reserved = ledger.reserve(runId, micros("1"), 60, null);
        String id = reserved.reservation().id();

        LedgerResult refused = ledger.commit(id, micros("50"), false);
        assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, refused.outcome());
        assertEquals(new LedgerDetail.Reservation(id, micros("1"), reserved.reservation().expiresAt()), refused.reservation(),
            "the same reservation, same deadline");
        BudgetSnapshot after = ledger.status(runId).snapshot();
        assertEquals(0, after.spentMicros());
        assertEquals(micros("1"), after.reservedMicros());
        assertEquals(0, after.spendCount());
        assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, ledger.commit(id, micros("10.000001"), false).outcome(), "1 reserved + 9 remaining");
        assertEquals(-2, target.pttl("budget:{" + runId + "}:settled:" + id), "a refusal is not kept for replay");

        LedgerResult fits = ledger.commit(id, micros("10"), false);
        assertEquals(LedgerOutcome.OK, fits.outcome(), "up to the reservation plus what remains");
        assertEquals(micros("10"), fits.snapshot().spentMicros());
        assertEquals(0L, fits.settlement().overrunMicros());
        assertFalse(fits.snapshot().exceeded());
        assertTrue(ledger.commit(id, micros("10"), true).replayed(), "allow_overrun is a permission, not a parameter");

        String other = run();
        create(other, "10");
        String id2 = ledger.reserve(other, micros("1"), 60, null).reservation().id();
        assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, ledger.commit(id2, micros("50"), false).outcome());
        assertEquals(LedgerOutcome.OK, ledger.release(id2).outcome(), "a refused commit can still be released");
        assertEquals(0, ledger.status(other).snapshot().reservedMicros());
    }

    @Test
    void allowOverrunRecordsTheActualCostTheOverrunAndTheExceededEvents() {
        String runId = run();
        create(runId, "10");
        String id = ledger.reserve(runId, micros("1"), 60, null).reservation().id();
        LedgerResult over = ledger.commit(id, micros("50"), true);
        assertEquals(LedgerOutcome.OK, over.outcome());
        assertEquals(micros("50"), over.snapshot().spentMicros());
        assertEquals(micros("40"), over.settlement().overrunMicros(), "50 against a limit of 10");
        assertTrue(over.snapshot().exceeded() && over.snapshot().circuitOpen());
        assertTrue(over.events().containsAll(List.of("exceeded", "circuit_opened", "overrun:40.000000")), over.events().toString());
        Map<String, Long> counts = target.eventCounts(runId);
        assertEquals(1L, counts.get("budget.exceeded"));
        assertEquals(1L, counts.get("budget.overrun"));
        LedgerResult replay = ledger.commit(id, micros("50"), true);
        assertTrue(replay.replayed());
        assertEquals(micros("40"), replay.settlement().overrunMicros(), "the overrun is kept with the settlement");
        assertEquals(micros("50"), ledger.status(runId).snapshot().spentMicros());
    }

    @Test
    void anOpenBreakerRefusesTheExcessButNotTheReservedPart() {
        String runId = run();
        create(runId, "10");
        String a = ledger.reserve(runId, micros("2"), 60, null).reservation().id();
        String b = ledger.reserve(runId, micros("2"), 60, null).reservation().id();
        ledger.update(runId, null, true);
        assertEquals(LedgerOutcome.OK, ledger.commit(a, micros("2"), false).outcome(), "what was reserved may always be committed");
        assertEquals(LedgerOutcome.CIRCUIT_OPEN, ledger.commit(b, micros("2.01"), false).outcome());
        LedgerResult forced = ledger.commit(b, micros("2.01"), true);
        assertEquals(LedgerOutcome.OK, forced.outcome());
        assertEquals(0L, forced.settlement().overrunMicros(), "within the limit: no overrun even with the breaker open");
        assertEquals(micros("4.01"), forced.snapshot().spentMicros());
    }

    @Test
    void concurrentOverrunCommitsNeverPassTheLimitWithoutAllowOverrun() throws Exception {
        String runId = run();
        create(runId, "100");
        List<String> ids = reserveMany(runId, 80);
        AtomicInteger ok = new AtomicInteger();
        List<String> refusedIds = java.util.Collections.synchronizedList(new ArrayList<>());
        parallel(8, 10, i -> {
            LedgerResult r = ledger.commit(ids.get(i), micros("1.5"), false);
            BudgetSnapshot s = r.snapshot();
            assertTrue(s.spentMicros() + s.reservedMicros() <= micros("100"), "spent + reserved never passes the limit");
            if (r.is(LedgerOutcome.OK)) {
                ok.incrementAndGet();
            } else {
                assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, r.outcome());
                refusedIds.add(ids.get(i));
            }
        });
        assertEquals(40, ok.get(), "20 of room, 0.5 beyond each reservation");
        assertEquals(40, refusedIds.size());
        BudgetSnapshot mid = ledger.status(runId).snapshot();
        assertEquals(micros("60"), mid.spentMicros());
        assertEquals(micros("40"), mid.reservedMicros(), "refused reservations are still open");
        parallel(8, 5, i -> assertEquals(LedgerOutcome.OK, ledger.commit(refusedIds.get(i), micros("1"), false).outcome()));
        BudgetSnapshot end = ledger.status(runId).snapshot();
        assertEquals(micros("100"), end.spentMicros());
        assertEquals(0, end.reservedMicros());
        assertFalse(end.exceeded());
    }

    @Test
    void concurrentOverrunCommitsWithAllowOverrunAreRecordedExactly() throws Exception {
        String runId = run();
        create(runId, "100");
        List<String> ids = reserveMany(runId, 80);
        java.util.concurrent.atomic.AtomicLong overrun = new java.util.concurrent.atomic.AtomicLong();
        parallel(8, 10, i -> {
            LedgerResult r = ledger.commit(ids.get(i), micros("2"), true);
            assertEquals(LedgerOutcome.OK, r.outcome());
            overrun.addAndGet(r.settlement().overrunMicros());
        });
        BudgetSnapshot end = ledger.status(runId).snapshot();
        assertEquals(micros("160"), end.spentMicros());
        assertEquals(micros("60"), overrun.get(), "the first 20 commits fit; each later one overruns by exactly 1");
        assertEquals(80, end.spendCount());
        Map<String, Long> counts = target.eventCounts(runId);
        assertEquals(1L, counts.get("budget.exceeded"));
        assertEquals(60L, counts.get("budget.overrun"));
    }

    private List<String> reserveMany(String runId, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LedgerResult r = ledger.reserve(runId, micros("1"), 600, null);
            assertEquals(LedgerOutcome.CREATED, r.outcome());
            ids.add(r.reservation().id());
        }
        return ids;
    }

    @Test
    void expiredReservationsReleaseThemselves() throws InterruptedException {
        String runId = run();
        create(runId, "10");
        String id = ledger.reserve(runId, micros("9"), 1, null).reservation().id();
        ledger.reserve(runId, micros("0.5"), 60, null);
        assertEquals(new LedgerDetail.CanSpend(LedgerOutcome.INSUFFICIENT_BUDGET), ledger.canSpend(runId, micros("1")).detail());
        Thread.sleep(1200);
        BudgetSnapshot after = ledger.status(runId).snapshot();
        assertEquals(micros("0.5"), after.reservedMicros());
        assertEquals(micros("9.5"), after.remainingMicros());
        assertEquals(LedgerOutcome.RESERVATION_NOT_FOUND, ledger.commit(id, micros("9"), false).outcome());
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, micros("9.5"), true, null, null).outcome());
    }

    @Test
    void anExpiryNoticedByAReplayedCallIsKept() throws InterruptedException {
        String runId = run();
        create(runId, "10");
        ledger.spend(runId, micros("1"), false, "first", null);
        ledger.reserve(runId, micros("5"), 1, null);
        Thread.sleep(1200);
        // the replay is answered from the record, but the expired reservation is released all the same
        assertTrue(ledger.spend(runId, micros("1"), false, "first", null).replayed());
        assertEquals(LedgerOutcome.CONFLICT, ledger.create(runId, micros("11"), "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}").outcome());
        BudgetSnapshot s = ledger.status(runId).snapshot();
        assertEquals(0, s.reservedMicros());
        assertEquals(micros("9"), s.remainingMicros());
    }

    @Test
    void idempotencyReplaysTheFirstAnswerAndRefusesDifferentParameters() {
        String runId = run();
        create(runId, "10");
        LedgerResult first = ledger.spend(runId, micros("1"), true, "key-1", "llm call");
        assertFalse(first.replayed());
        ledger.spend(runId, micros("2"), false, null, null);
        LedgerResult again = ledger.spend(runId, micros("1"), true, "key-1", "llm call");
        assertTrue(again.replayed());
        assertEquals(micros("1"), again.snapshot().spentMicros(), "the first answer, not today's status");
        assertEquals(micros("3"), ledger.status(runId).snapshot().spentMicros());
        assertEquals(LedgerOutcome.IDEMPOTENCY_CONFLICT, ledger.spend(runId, micros("1.5"), true, "key-1", "llm call").outcome());
        assertEquals(LedgerOutcome.IDEMPOTENCY_CONFLICT, ledger.spend(runId, micros("1"), false, "key-1", "llm call").outcome());
        long ttl = target.pttl("budget:{" + runId + "}:idem:key-1");
        assertTrue(ttl > 86_000_000 && ttl <= 86_400_000, "idempotency ttl " + ttl);

        LedgerResult reserved = ledger.reserve(runId, micros("1"), 60, "res-1");
        LedgerResult reservedAgain = ledger.reserve(runId, micros("1"), 60, "res-1");
        assertTrue(reservedAgain.replayed());
        assertEquals(reserved.reservation().id(), reservedAgain.reservation().id());
        assertEquals(micros("1"), ledger.status(runId).snapshot().reservedMicros());

        ledger.delete(runId);
        create(runId, "10");
        assertFalse(ledger.spend(runId, micros("1"), true, "key-1", "llm call").replayed(), "a new budget does not replay its predecessor");
    }

    @Test
    void thresholdEventsAreEmittedExactlyOnce() {
        String runId = run();
        create(runId, "10");
        assertEquals(List.of(), ledger.spend(runId, micros("4.99"), false, null, null).events());
        assertEquals(List.of("threshold:0.5"), ledger.spend(runId, micros("0.01"), false, null, null).events());
        assertEquals(List.of("threshold:0.8", "threshold:0.9"), ledger.spend(runId, micros("4"), false, null, null).events());
        ledger.spend(runId, micros("0.1"), false, null, null);
        LedgerResult over = ledger.spend(runId, micros("2"), false, null, null);
        assertTrue(over.events().contains("threshold:1"));
        ledger.spend(runId, micros("2"), false, null, null);
        assertEquals(List.of("0.5", "0.8", "0.9", "1"), ledger.status(runId).snapshot().thresholdsCrossed());
        Map<String, Long> counts = target.eventCounts(runId);
        assertEquals(1L, counts.get("budget.threshold_crossed0.5"));
        assertEquals(1L, counts.get("budget.threshold_crossed0.8"));
        assertEquals(1L, counts.get("budget.threshold_crossed0.9"));
        assertEquals(1L, counts.get("budget.threshold_crossed1"));
        assertEquals(1L, counts.get("budget.exceeded"));
        assertEquals(1L, counts.get("budget.circuit_opened"));
    }

    /** The global copy fails after every script: the budget's own stream keeps each event once; a drain copies them once. */
    @Test
    void eventsWhoseGlobalCopyFailedAreKeptInTheBudgetsStreamAndRedeliveredOnce() {
        String runId = run();
        LedgerConnection failing = new LedgerConnection() {
            public String evalsha(String sha, String[] keys, String... args) {
                return connection.evalsha(sha, keys, args);
            }

            public String eval(String script, String[] keys, String... args) {
                return connection.eval(script, keys, args);
            }

            public String get(String key) {
                return connection.get(key);
            }

            public boolean cluster() {
                return connection.cluster();
            }

            public String xadd(String stream, long maxLength, Map<String, String> fields) {
                throw new io.lettuce.core.RedisConnectionException("global stream unreachable");
            }

            public boolean xgroupCreate(String stream, String group, String startId) {
                throw new io.lettuce.core.RedisConnectionException("global stream unreachable");
            }

            public List<StreamEntry> xreadgroup(String stream, String group, String consumer, int count) {
                throw new io.lettuce.core.RedisConnectionException("global stream unreachable");
            }

            public List<PendingEntry> xpending(String stream, String group, java.time.Duration minIdle, int count) {
                throw new io.lettuce.core.RedisConnectionException("global stream unreachable");
            }

            public List<StreamEntry> xclaim(String stream, String group, String consumer, java.time.Duration minIdle, String... ids) {
                throw new io.lettuce.core.RedisConnectionException("global stream unreachable");
            }

            public long xack(String stream, String group, String... ids) {
                throw new io.lettuce.core.RedisConnectionException("global stream unreachable");
            }

            public void close() {
            }
        };
        BudgetSettings settings = BudgetSettings.defaults();
        LedgerScripts scripts = new LedgerScripts(failing);
        BudgetLedger broken = new BudgetLedger(scripts, new BudgetEvents(failing, scripts, settings), settings);
        broken.create(runId, micros("10"), "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
        assertEquals(List.of("threshold:0.5", "threshold:0.8"), broken.spend(runId, micros("8"), false, "k1", null).events());
        assertTrue(broken.spend(runId, micros("8"), false, "k1", null).replayed());
        LedgerResult over = broken.spend(runId, micros("3"), false, null, null);
        assertEquals(List.of("exceeded", "circuit_opened", "threshold:0.9", "threshold:1"), over.events());
        assertEquals(List.of(), broken.status(runId).outbox(), "owed events are not handed out again within the lease");

        List<String> own = target.budgetEvents(runId);
        assertEquals(List.of("threshold:0.5", "threshold:0.8", "exceeded", "circuit_opened", "threshold:0.9", "threshold:1"), own,
            "each event once in the budget's stream, the replay added none");
        assertEquals(Map.of(), target.eventCounts(runId), "nothing reached the global stream");
        assertEquals(6, target.unsent(runId));

        BudgetEvents working = new BudgetEvents(connection, new LedgerScripts(connection), settings);
        assertEquals(6, working.redeliver(runId, java.time.Duration.ZERO));
        assertEquals(0, working.redeliver(runId, java.time.Duration.ZERO), "acknowledged: nothing owed any more");
        Map<String, Long> counts = target.eventCounts(runId);
        assertEquals(6, counts.size());
        counts.values().forEach(n -> assertEquals(1L, n));
        assertEquals(0, target.unsent(runId));
        // the global copy repeats the budget stream's entry id and the state the script saw
        var copies = target.events().stream().filter(m -> runId.equals(m.getBody().get("run_id"))).toList();
        assertEquals(6, copies.stream().map(m -> m.getBody().get("ledger_event_id")).distinct().count());
        assertEquals("8", copies.stream().filter(m -> "0.5".equals(m.getBody().get("threshold"))).findFirst().orElseThrow().getBody().get("spent"));
        assertEquals("11", copies.stream().filter(m -> "1".equals(m.getBody().get("threshold"))).findFirst().orElseThrow().getBody().get("spent"));

        // the record outlives a delete until its own expiry, and redelivery still works on it
        broken.spend(runId, micros("1"), false, null, null);
        assertEquals(LedgerOutcome.DELETED, ledger.delete(runId).outcome());
        assertEquals(6, target.budgetEvents(runId).size(), "a spend with no new event wrote no entry");
        assertTrue(target.pttl(BudgetKeys.events(runId)) > 0, "the budget's stream expires with the budget");
    }

    @Test
    void eventsCopiedRightAfterTheScriptAreAcknowledged() {
        String runId = run();
        create(runId, "10");
        ledger.spend(runId, micros("6"), false, null, null);
        assertEquals(List.of("threshold:0.5"), target.budgetEvents(runId));
        assertEquals(1L, target.eventCounts(runId).get("budget.threshold_crossed0.5"));
        assertEquals(0, target.unsent(runId));
        long ttl = target.pttl(BudgetKeys.events(runId));
        assertTrue(ttl > 3_590_000 && ttl <= 3_600_000, "ttl " + ttl);
    }

    @Test
    void aNewLimitMovesTheThresholds() {
        String runId = run();
        create(runId, "10");
        assertEquals(List.of(), ledger.spend(runId, micros("4"), false, null, null).events());
        assertEquals(List.of("threshold:0.5"), ledger.update(runId, micros("6"), null).events(), "4 of 6 passes half");
        assertEquals(List.of(), ledger.update(runId, micros("100"), null).events());
        assertEquals(List.of(), ledger.spend(runId, micros("75.999999"), false, null, null).events());
        assertEquals(List.of("threshold:0.8"), ledger.spend(runId, micros("0.000001"), false, null, null).events());
        assertEquals(List.of("0.5", "0.8"), ledger.status(runId).snapshot().thresholdsCrossed());
    }

    @Test
    void deleteRemovesEveryKey() {
        String runId = run();
        create(runId, "10");
        ledger.reserve(runId, micros("1"), 60, null);
        assertEquals(LedgerOutcome.DELETED, ledger.delete(runId).outcome());
        assertEquals(LedgerOutcome.NOT_FOUND, ledger.status(runId).outcome());
        assertEquals(LedgerOutcome.NOT_FOUND, ledger.delete(runId).outcome());
        assertEquals(-2, target.pttl("budget:{" + runId + "}:res"));
        assertEquals(LedgerOutcome.NOT_FOUND, ledger.update(runId, null, false).outcome());
    }

    @Test
    void scriptsAreReloadedAfterTheServerForgetsThem() {
        String runId = run();
        create(runId, "10");
        target.scriptFlush();
        target.functionFlush();
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, micros("1"), true, null, null).outcome());
        assertEquals(micros("1"), ledger.status(runId).snapshot().spentMicros());
    }

    /** Redis 7 serves the ledger as functions: forgotten (FUNCTION FLUSH), the library is loaded again on the next call. */
    @Test
    void theFunctionLibraryIsReloadedAfterTheServerForgetsIt() {
        String runId = run();
        create(runId, "10");
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, micros("1"), true, null, null).outcome());
        assertTrue(target.ledgerLibraries() > 0, "the ledger's library is loaded");
        target.functionFlush();
        assertEquals(0, target.ledgerLibraries());
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, micros("2"), true, null, null).outcome());
        assertTrue(target.ledgerLibraries() > 0, "loaded again");
        assertEquals(micros("3"), ledger.status(runId).snapshot().spentMicros());
    }

    @Test
    void concurrentEnforcedSpendsNeverPassTheLimit() throws Exception {
        String runId = run();
        create(runId, "10.00");
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        parallel(8, 500, i -> {
            LedgerResult r = ledger.spend(runId, micros("0.01"), true, null, null);
            (r.is(LedgerOutcome.OK) ? ok : refused).incrementAndGet();
            assertTrue(r.snapshot().spentMicros() <= micros("10"));
        });
        assertEquals(1000, ok.get());
        assertEquals(3000, refused.get());
        BudgetSnapshot s = ledger.status(runId).snapshot();
        assertEquals(micros("10"), s.spentMicros());
        assertEquals(1000, s.spendCount());
        assertFalse(s.exceeded());
    }

    @Test
    void concurrentRecordedSpendsAddUpExactly() throws Exception {
        String runId = run();
        create(runId, "5");
        parallel(8, 250, i -> ledger.spend(runId, micros("0.01"), false, null, null));
        BudgetSnapshot s = ledger.status(runId).snapshot();
        assertEquals(micros("20"), s.spentMicros());
        assertEquals(2000, s.spendCount());
        assertTrue(s.exceeded() && s.circuitOpen());
        assertEquals(1L, target.eventCounts(runId).get("budget.exceeded"));
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyChargeOnce() throws Exception {
        String runId = run();
        create(runId, "100");
        AtomicInteger replays = new AtomicInteger();
        parallel(8, 100, i -> {
            LedgerResult r = ledger.spend(runId, micros("0.07"), true, "retry-" + (i % 50), null);
            assertEquals(LedgerOutcome.OK, r.outcome());
            if (r.replayed()) {
                replays.incrementAndGet();
            }
        });
        BudgetSnapshot s = ledger.status(runId).snapshot();
        assertEquals(micros("3.5"), s.spentMicros(), "50 distinct keys x 0.07");
        assertEquals(50, s.spendCount());
        assertEquals(800 - 50, replays.get());
    }

    @Test
    void concurrentReservationsNeverOvercommit() throws Exception {
        String runId = run();
        create(runId, "10");
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        parallel(8, 10, i -> {
            LedgerResult r = ledger.reserve(runId, micros("1"), 60, null);
            if (r.is(LedgerOutcome.CREATED)) {
                ids.add(r.reservation().id());
            } else {
                assertEquals(LedgerOutcome.INSUFFICIENT_BUDGET, r.outcome());
            }
        });
        assertEquals(10, ids.size());
        assertEquals(micros("10"), ledger.status(runId).snapshot().reservedMicros());
        parallel(2, 5, i -> assertEquals(LedgerOutcome.OK, ledger.commit(ids.get(i), micros("0.5"), false).outcome()));
        BudgetSnapshot s = ledger.status(runId).snapshot();
        assertEquals(micros("5"), s.spentMicros());
        assertEquals(0, s.reservedMicros());
        assertEquals(micros("5"), s.remainingMicros());
    }

    // The index of runs (GET /budgets): kept by create/delete, read newest first, self-healing.

    @Test
    void createAddsTheRunToTheIndexAndDeleteRemovesIt() {
        String runId = run();
        long createdAt = create(runId, "10").snapshot().createdAt();
        BudgetIndexLedgerTests.assertIndexed(target, runId, createdAt);
        assertEquals(LedgerOutcome.EXISTS, create(runId, "10").outcome());
        BudgetIndexLedgerTests.assertIndexed(target, runId, createdAt);
        assertEquals(LedgerOutcome.DELETED, ledger.delete(runId).outcome());
        BudgetIndexLedgerTests.assertIndexed(target, runId, null);
        long again = create(runId, "10").snapshot().createdAt();
        BudgetIndexLedgerTests.assertIndexed(target, runId, again);
    }

    @Test
    void pagingOver250RunsListsEachExactlyOnceNewestFirstWhateverThePageSize() {
        List<BudgetIndex.Entry> created = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String runId = run();
            created.add(new BudgetIndex.Entry(create(runId, "10").snapshot().createdAt(), runId));
        }
        List<BudgetIndex.Entry> expected = created.stream().sorted(BudgetIndexLedgerTests.NEWEST_FIRST).toList();
        java.util.Set<String> mine = BudgetIndexLedgerTests.ids(created);
        BudgetRunList list = new BudgetRunList(ledger);
        for (int pageSize : new int[]{1, 7, 200}) {
            List<BudgetIndex.Entry> listed = BudgetIndexLedgerTests.walk(list, pageSize, null, () -> { });
            BudgetIndexLedgerTests.assertStrictlyNewestFirst(listed);
            assertEquals(expected, BudgetIndexLedgerTests.only(listed, mine), "page size " + pageSize);
        }
    }

    @Test
    void runsCreatedDuringAListingNeverMakeItRepeatOrSkipAnEntry() throws Exception {
        List<BudgetIndex.Entry> before = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String runId = run();
            before.add(new BudgetIndex.Entry(create(runId, "10").snapshot().createdAt(), runId));
        }
        BudgetRunList list = new BudgetRunList(ledger);
        java.util.concurrent.atomic.AtomicBoolean listing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<BudgetIndex.Entry> listed = new ArrayList<>();
        int createdMeanwhile = BudgetIndexLedgerTests.during(() -> {
            int n = 0;
            while (listing.get() || n < 20) {
                create(run(), "1");
                n++;
            }
            return n;
        }, () -> {
            listed.addAll(BudgetIndexLedgerTests.walk(list, 7, null, () -> create(run(), "2")));
            listing.set(false);
        });
        assertTrue(createdMeanwhile >= 20);
        BudgetIndexLedgerTests.assertStrictlyNewestFirst(listed);
        assertEquals(before.stream().sorted(BudgetIndexLedgerTests.NEWEST_FIRST).toList(),
            BudgetIndexLedgerTests.only(listed, BudgetIndexLedgerTests.ids(before)));
    }

    @Test
    void deletedExpiredAndLostBudgetsAreNeverListedAndLeaveTheIndex() throws Exception {
        String live = run();
        String deleted = run();
        String expiring = run();
        String lost = run();
        long liveAt = create(live, "10").snapshot().createdAt();
        create(deleted, "10");
        assertEquals(LedgerOutcome.CREATED, ledger.create(expiring, micros("10"), "USD", 1, BudgetApi.DEFAULT_THRESHOLDS, "{}").outcome());
        long lostAt = create(lost, "10").snapshot().createdAt();
        assertEquals(LedgerOutcome.DELETED, ledger.delete(deleted).outcome());
        // a budget gone without its index entry (a cluster's separate removal failed): only the listing can notice
        String[] keys = BudgetKeys.forScript(lost, null);
        target.delete(keys[0], keys[1], keys[2], keys[4]);
        BudgetIndexLedgerTests.assertIndexed(target, lost, lostAt);
        Thread.sleep(1200);
        assertEquals(LedgerOutcome.NOT_FOUND, ledger.status(expiring).outcome(), "expired");

        List<BudgetIndex.Entry> listed = BudgetIndexLedgerTests.walk(new BudgetRunList(ledger), 50, null, () -> { });
        BudgetIndexLedgerTests.assertListed(listed, live, true);
        BudgetIndexLedgerTests.assertNone(listed, java.util.Set.of(deleted, expiring, lost));
        BudgetIndexLedgerTests.assertIndexed(target, live, liveAt);
        BudgetIndexLedgerTests.assertIndexed(target, deleted, null);
        BudgetIndexLedgerTests.assertIndexed(target, expiring, null);
        BudgetIndexLedgerTests.assertIndexed(target, lost, null);
    }

    @Test
    void aStaleIndexEntryIsOnlyForgottenWhileItStillHasTheScoreSeen() {
        String runId = run();
        long first = create(runId, "10").snapshot().createdAt();
        assertEquals(LedgerOutcome.DELETED, ledger.delete(runId).outcome());
        long second = first;
        while (second == first) {
            assertEquals(LedgerOutcome.CREATED, create(runId, "10").outcome());
            second = ledger.status(runId).snapshot().createdAt();
            if (second == first) {
                ledger.delete(runId);
            }
        }
        // a listing that saw the first budget gone forgets (runId, first): the re-created run keeps its entry
        ledger.index().forget(List.of(new BudgetIndex.Entry(first, runId)));
        BudgetIndexLedgerTests.assertIndexed(target, runId, second);
        ledger.index().forget(List.of(new BudgetIndex.Entry(second, runId)));
        BudgetIndexLedgerTests.assertIndexed(target, runId, null);
    }

    @Test
    void theBreakerFilterKeepsOnlyBudgetsInThatState() {
        String open = run();
        String closed = run();
        create(open, "10");
        create(closed, "10");
        assertEquals(LedgerOutcome.OK, ledger.update(open, null, true).outcome());
        BudgetRunList list = new BudgetRunList(ledger);
        List<BudgetIndex.Entry> opened = BudgetIndexLedgerTests.walk(list, 3, true, () -> { });
        BudgetIndexLedgerTests.assertListed(opened, open, true);
        BudgetIndexLedgerTests.assertListed(opened, closed, false);
        List<BudgetIndex.Entry> shut = BudgetIndexLedgerTests.walk(list, 3, false, () -> { });
        BudgetIndexLedgerTests.assertListed(shut, open, false);
        BudgetIndexLedgerTests.assertListed(shut, closed, true);
        BudgetIndexLedgerTests.assertStrictlyNewestFirst(shut);
    }

    interface Task {
        void run(int i) throws Exception;
    }

    static void parallel(int threads, int perThread, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Callable<Void> worker = () -> {
                    for (int i = 0; i < perThread; i++) {
                        task.run(base + i);
                    }
                    return null;
                };
                futures.add(pool.submit(worker));
            }
            for (Future<Void> future : futures) {
                assertNotNull(future);
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
