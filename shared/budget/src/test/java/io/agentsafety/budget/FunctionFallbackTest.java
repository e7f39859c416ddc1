package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger calls Redis Functions on Redis 7 and falls back to EVALSHA where a server cannot serve them, on the real
 * ledger (embedded Redis) behind a connection that refuses FCALL or FUNCTION LOAD the way such servers answer: every
 * call still applies exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionFallbackTest {

    private static final long UNIT = 1_000_000L;

    private RedisTarget target;
    private LedgerConnection real;

    @BeforeAll
    void start() {
        target = RedisTarget.standalone(EmbeddedRedis.shared().uri());
        real = target.connect(Duration.ofSeconds(2));
    }

    @AfterAll
    void stop() {
        real.close();
        target.close();
    }

    /** A server before Redis 7 does not know FCALL: the first call falls back, later ones do not try again. */
    @Test
    void aServerWithoutFunctionsIsServedByEvalsha() {
        AtomicInteger fcalls = new AtomicInteger();
        BudgetLedger ledger = ledger(refusing((method, fallThrough) -> {
            if (method.equals("fcall")) {
                fcalls.incrementAndGet();
                throw new RedisCommandExecutionException("ERR unknown command 'FCALL', with args beginning with: ");
            }
            return fallThrough.get();
        }));
        String runId = budget(ledger);
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, UNIT, true, null, null).outcome());
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, UNIT, true, "key-1", null).outcome());
        assertTrue(ledger.spend(runId, UNIT, true, "key-1", null).replayed());
        assertEquals(2 * UNIT, ledger.status(runId).snapshot().spentMicros());
        assertEquals(1, fcalls.get(), "functions are turned off after the first refusal");
    }

    /** An ACL that allows FCALL but not FUNCTION LOAD: a server without the library is served by EVALSHA. */
    @Test
    void aLibraryThatCannotBeLoadedFallsBackToEvalsha() {
        AtomicInteger loads = new AtomicInteger();
        BudgetLedger ledger = ledger(refusing((method, fallThrough) -> {
            if (method.equals("fcall")) {
                throw new RedisCommandExecutionException("ERR Function not found");
            }
            if (method.equals("functionLoad")) {
                loads.incrementAndGet();
                throw new RedisCommandExecutionException("NOPERM this user has no permissions to run the 'function|load' command");
            }
            return fallThrough.get();
        }));
        String runId = budget(ledger);
        assertEquals(LedgerOutcome.OK, ledger.spend(runId, 2 * UNIT, true, null, null).outcome());
        assertEquals(2 * UNIT, ledger.status(runId).snapshot().spentMicros());
        assertEquals(1, loads.get(), "one attempt to load, then EVALSHA for good");
    }

    /** A script error inside a function is the caller's 503, as it was with EVALSHA, not a second attempt by EVAL. */
    @Test
    void anErrorInsideTheFunctionIsNotRetriedByEval() {
        AtomicInteger evals = new AtomicInteger();
        BudgetLedger ledger = ledger(refusing((method, fallThrough) -> {
            if (method.equals("fcall")) {
                throw new RedisCommandExecutionException("ERR user_function:12: ledger: malformed state");
            }
            if (method.startsWith("eval")) {
                evals.incrementAndGet();
            }
            return fallThrough.get();
        }));
        String runId = Ids.newId("run");
        ProblemException e = assertThrows(ProblemException.class, () -> ledger.spend(runId, UNIT, true, "key-2", null));
        assertEquals(503, e.status());
        assertEquals(0, evals.get());
    }

    private String budget(BudgetLedger ledger) {
        String runId = Ids.newId("run");
        assertEquals(LedgerOutcome.CREATED, ledger.create(runId, 10 * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}").outcome());
        return runId;
    }

    private static BudgetLedger ledger(LedgerConnection connection) {
        BudgetSettings settings = BudgetSettings.defaults();
        LedgerScripts scripts = new LedgerScripts(connection, settings);
        return new BudgetLedger(scripts, new BudgetEvents(connection, scripts, settings), settings);
    }

    /** The real connection, with {@code answer} deciding each call by method name (or passing it through). */
    private LedgerConnection refusing(BiFunction<String, Supplier<Object>, Object> answer) {
        return (LedgerConnection) Proxy.newProxyInstance(LedgerConnection.class.getClassLoader(), new Class<?>[]{LedgerConnection.class},
            (proxy, method, args) -> answer.apply(method.getName(), () -> {
                try {
                    return method.invoke(real, args);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }));
    }
}
