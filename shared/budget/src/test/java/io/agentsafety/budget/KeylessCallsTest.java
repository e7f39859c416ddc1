package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spend or reserve without an idempotency key whose reply is lost after Redis ran its script (the connection
 * dropped on the way back) on the real ledger (embedded Redis): the ledger re-asks under the call's own key, so the
 * caller gets the one applied answer, never a 503 that hides an applied call; when Redis stays unreachable the 503
 * names the key, and a retry with it learns the outcome exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeylessCallsTest {

    private static final long UNIT = 1_000_000L;

    private RedisTarget target;
    private LedgerConnection real;
    private LossyConnection lossy;
    private BudgetLedger ledger;

    @BeforeAll
    void start() {
        target = RedisTarget.standalone(EmbeddedRedis.shared().uri());
        real = target.connect(Duration.ofSeconds(2));
        lossy = new LossyConnection(real);
        BudgetSettings settings = BudgetSettings.defaults();
        LedgerScripts scripts = new LedgerScripts(lossy, settings);
        ledger = new BudgetLedger(scripts, new BudgetEvents(lossy, scripts, settings), settings);
    }

    @AfterAll
    void stop() {
        real.close();
        target.close();
    }

    private String budget(long units) {
        String runId = Ids.newId("run");
        ledger.create(runId, units * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
        return runId;
    }

    @Test
    void aLostReplyIsReaskedAndTheSpendAppliedOnce() {
        String runId = budget(10);
        lossy.loseReplies(1);
        LedgerResult answer = ledger.spend(runId, 3 * UNIT, true, null, null);
        assertEquals(LedgerOutcome.OK, answer.outcome());
        assertFalse(answer.replayed(), "for the caller this is the first and only answer");
        assertEquals(2, lossy.scriptCalls(), "the script ran, its reply was lost, one re-ask");
        assertEquals(3 * UNIT, ledger.status(runId).snapshot().spentMicros(), "applied once, not twice");
    }

    @Test
    void aRefusedSendIsReaskedAndApplied() {
        String runId = budget(10);
        lossy.refuse(2);
        LedgerResult answer = ledger.spend(runId, 2 * UNIT, false, null, null);
        assertEquals(LedgerOutcome.OK, answer.outcome());
        assertEquals(2 * UNIT, ledger.status(runId).snapshot().spentMicros());
    }

    @Test
    void aLostReserveReplyGivesTheOneReservation() {
        String runId = budget(10);
        lossy.loseReplies(1);
        LedgerResult answer = ledger.reserve(runId, 4 * UNIT, 60, null);
        assertEquals(LedgerOutcome.CREATED, answer.outcome());
        assertEquals(4 * UNIT, ledger.status(runId).snapshot().reservedMicros(), "one reservation, not two");
        assertEquals(LedgerOutcome.OK, ledger.commit(answer.reservation().id(), UNIT, false).outcome());
        assertEquals(0, ledger.status(runId).snapshot().reservedMicros());
    }

    @Test
    void whenRedisStaysUnreachableThe503NamesTheKeyAndARetryWithItLearnsTheOutcome() {
        String runId = budget(10);
        lossy.loseReplyThenRefuse();
        ProblemException unknown = assertThrows(ProblemException.class, () -> ledger.spend(runId, 5 * UNIT, true, null, "job 7"));
        lossy.refuse(0);
        assertEquals(503, unknown.status());
        assertEquals("ledger_unavailable", unknown.problem().code());
        String key = unknown.problem().idempotencyKey();
        assertNotNull(key, "the 503 names the call's own key");
        assertTrue(key.startsWith("call_"));
        assertTrue(unknown.problem().detail().contains("outcome is unknown"), unknown.problem().detail());
        assertEquals(5 * UNIT, ledger.status(runId).snapshot().spentMicros(), "the lost call had been applied");

        LedgerResult retried = ledger.spend(runId, 5 * UNIT, true, key, "job 7");
        assertEquals(LedgerOutcome.OK, retried.outcome());
        assertTrue(retried.replayed(), "the retry with the key answers the applied call");
        assertEquals(5 * UNIT, ledger.status(runId).snapshot().spentMicros(), "and does not apply it again");
    }

    @Test
    void aCallThatNeverReachedRedisIsAppliedOnceByTheRetryWithItsKey() {
        String runId = budget(10);
        lossy.refuse(1_000);
        ProblemException unknown = assertThrows(ProblemException.class, () -> ledger.spend(runId, UNIT, false, null, null));
        lossy.refuse(0);
        String key = unknown.problem().idempotencyKey();
        assertEquals(0, ledger.status(runId).snapshot().spentMicros(), "nothing applied");
        LedgerResult retried = ledger.spend(runId, UNIT, false, key, null);
        assertFalse(retried.replayed(), "nothing to replay: the retry applies it");
        assertEquals(UNIT, ledger.status(runId).snapshot().spentMicros());
        assertTrue(ledger.spend(runId, UNIT, false, key, null).replayed(), "and only once");
        assertEquals(UNIT, ledger.status(runId).snapshot().spentMicros());
    }

    @Test
    void keylessCallsStayIndependent() {
        String runId = budget(10);
        ledger.spend(runId, UNIT, false, null, null);
        ledger.spend(runId, UNIT, false, null, null);
        LedgerResult third = ledger.spend(runId, UNIT, false, null, null);
        assertFalse(third.replayed(), "two identical keyless spends are two spends");
        assertEquals(3 * UNIT, ledger.status(runId).snapshot().spentMicros());
    }

    /**
     * The real connection, with scripted failures: a lost reply runs the script and then fails as a dropped
     * connection does; a refused call fails before anything is sent (Lettuce rejecting commands while disconnected).
     */
    static final class LossyConnection implements LedgerConnection {
        private final LedgerConnection delegate;
        private final AtomicInteger lose = new AtomicInteger();
        private final AtomicInteger refuse = new AtomicInteger();
        private final AtomicInteger scripts = new AtomicInteger();
        private volatile boolean refuseAfterLoss;

        LossyConnection(LedgerConnection delegate) {
            this.delegate = delegate;
        }

        void loseReplies(int n) {
            scripts.set(0);
            lose.set(n);
        }

        void refuse(int n) {
            refuse.set(n);
            refuseAfterLoss = false;
        }

        /** The next script runs and its reply is lost; every call after it is refused until {@code refuse(0)}. */
        void loseReplyThenRefuse() {
            loseReplies(1);
            refuseAfterLoss = true;
        }

        int scriptCalls() {
            return scripts.get();
        }

        private String script(java.util.function.Supplier<String> call) {
            if (refuse.get() > 0 && refuse.getAndDecrement() > 0) {
                throw new RedisConnectionException("refused (test)");
            }
            scripts.incrementAndGet();
            String reply = call.get();
            if (lose.get() > 0 && lose.getAndDecrement() > 0) {
                if (refuseAfterLoss) {
                    refuse.set(Integer.MAX_VALUE);
                }
                throw new RedisConnectionException("connection lost after the script ran (test)");
            }
            return reply;
        }

        @Override
        public String evalsha(String sha, String[] keys, String... args) {
            return script(() -> delegate.evalsha(sha, keys, args));
        }

        @Override
        public String eval(String script, String[] keys, String... args) {
            return script(() -> delegate.eval(script, keys, args));
        }

        // the ledger's calls are FCALLs on Redis 7: the losses hit them as they hit EVALSHA
        @Override
        public boolean functions() {
            return delegate.functions();
        }

        @Override
        public String fcall(String function, String[] keys, String... args) {
            return script(() -> delegate.fcall(function, keys, args));
        }

        @Override
        public void functionLoad(String library) {
            delegate.functionLoad(library);
        }

        @Override
        public boolean cluster() {
            return delegate.cluster();
        }

        @Override
        public Duration commandTimeout() {
            return delegate.commandTimeout();
        }

        @Override
        public String get(String key) {
            return delegate.get(key);
        }

        @Override
        public String xadd(String stream, long maxLength, Map<String, String> fields) {
            return delegate.xadd(stream, maxLength, fields);
        }

        @Override
        public boolean xgroupCreate(String stream, String group, String startId) {
            return delegate.xgroupCreate(stream, group, startId);
        }

        @Override
        public List<StreamEntry> xreadgroup(String stream, String group, String consumer, int count) {
            return delegate.xreadgroup(stream, group, consumer, count);
        }

        @Override
        public List<PendingEntry> xpending(String stream, String group, Duration minIdle, int count) {
            return delegate.xpending(stream, group, minIdle, count);
        }

        @Override
        public List<StreamEntry> xclaim(String stream, String group, String consumer, Duration minIdle, String... ids) {
            return delegate.xclaim(stream, group, consumer, minIdle, ids);
        }

        @Override
        public long xack(String stream, String group, String... ids) {
            return delegate.xack(stream, group, ids);
        }

        @Override
        public void close() {
        }
    }
}
