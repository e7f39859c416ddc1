package io.agentsafety.budget.bench;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetEvents;
import io.agentsafety.budget.BudgetLedger;
import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LedgerOutcome;
import io.agentsafety.budget.LedgerScripts;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisURI;

import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * The ledger's own Java per enforced spend, without Lettuce and the network: one real spend's reply is recorded from
 * Redis, then n spends run through {@link BudgetLedger} on a connection whose FCALL answers that recorded reply (the
 * same key and argument building, deadline, keyless key, fingerprint, reply parsing and result objects as a real
 * spend; only the Redis round trip is left out). Prints the calling thread's CPU and allocated bytes per spend, whose
 * spread on this shared machine is far below the round trip's. Not a unit test:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   io.agentsafety.budget.bench.JavaSpendCost 200000 5</pre>
 */
public final class JavaSpendCost {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        EmbeddedRedis embedded = EmbeddedRedis.startNew();
        Duration timeout = Duration.ofSeconds(5);
        RedisURI target = RedisURI.create(embedded.uri());
        target.setTimeout(timeout);
        try (LedgerConnection real = LettuceLedgerConnection.standalone(target, timeout)) {
            BudgetSettings settings = BudgetSettings.defaults();
            String runId = "java-cost-" + System.nanoTime();
            String[] recorded = new String[1];
            boolean[] recording = new boolean[1];
            LedgerConnection replaying = (LedgerConnection) Proxy.newProxyInstance(LedgerConnection.class.getClassLoader(),
                new Class<?>[]{LedgerConnection.class}, (proxy, method, a) -> {
                    if (method.getName().equals("fcall") && recorded[0] != null) {
                        return recorded[0];
                    }
                    Object result;
                    try {
                        result = method.invoke(real, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause(); // "Function not found" must reach the ledger, which loads the library
                    }
                    if (method.getName().equals("fcall") && recording[0]) {
                        recorded[0] = (String) result;
                    }
                    return result;
                });
            BudgetLedger ledger = new BudgetLedger(new LedgerScripts(replaying),
                new BudgetEvents(replaying, new LedgerScripts(replaying), settings), settings);
            ledger.create(runId, 1_000_000_000_000_000L, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
            // one real spend; its reply (ok, no event) is what every measured spend gets back
            recording[0] = true;
            ledger.spend(runId, 10_000, true, null, null);
            recording[0] = false;
            double[][] cost = new double[2][rounds];
            ThreadCost.perCall(calls, () -> spendOk(ledger, runId));
            for (int r = 0; r < rounds; r++) {
                double[] c = ThreadCost.perCall(calls, () -> spendOk(ledger, runId));
                cost[0][r] = c[0];
                cost[1][r] = c[1];
                System.out.printf("round %d: %.2f us CPU, %.0f B allocated per spend%n", r + 1, c[0], c[1]);
            }
            System.out.printf("median per spend: thread CPU %.2f us, allocated %.0f B%n", ThreadCost.median(cost[0]), ThreadCost.median(cost[1]));
        } finally {
            embedded.stop();
        }
    }

    private static long spendOk(BudgetLedger ledger, String runId) {
        if (!ledger.spend(runId, 10_000, true, null, null).is(LedgerOutcome.OK)) {
            throw new IllegalStateException("not ok");
        }
        return 1;
    }
}
