package io.agentsafety.budget.bench;

import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The Java cost of one enforced spend, as CPU time and allocation rather than wall time (which the shared machine's
 * load inflates): n spends on one thread, then the same n raw EVALSHA of a trivial script on the same connection.
 * Per call it prints the calling thread's CPU and allocated bytes (our code plus Lettuce's command building) and the
 * whole JVM's CPU (Lettuce's event loop, which encodes and decodes, included). Not a unit test:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   io.agentsafety.budget.bench.SpendCost 20000 5</pre>
 *
 * Arguments: calls per round, rounds (the median is printed; REDIS_URI selects an existing Redis).
 */
public final class SpendCost {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Duration timeout = Duration.ofSeconds(5);
        BenchRedis server = BenchRedis.fromEnvironment(timeout);
        RedisURI target = server.target();
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(target, timeout)) {
            SpendFixture fixture = SpendFixture.on(connection, "cost-");
            Runnable rawCall = fixture.raw();
            Runnable spendCall = fixture.spend();
            LongSupplier raw = () -> {
                rawCall.run();
                return 0;
            };
            LongSupplier spend = () -> {
                spendCall.run();
                return 0;
            };
            ThreadCost.perCall(calls, spend);
            ThreadCost.perCall(calls, raw);
            double[][] spendCost = new double[3][rounds];
            double[][] rawCost = new double[3][rounds];
            for (int r = 0; r < rounds; r++) {
                double[] s = ThreadCost.perCall(calls, spend);
                double[] w = ThreadCost.perCall(calls, raw);
                for (int i = 0; i < 3; i++) {
                    spendCost[i][r] = s[i];
                    rawCost[i][r] = w[i];
                }
                System.out.printf("round %d: spend thread %.1f us %.0f B, jvm %.1f us | raw EVALSHA thread %.1f us %.0f B, jvm %.1f us%n",
                    r + 1, s[0], s[1], s[2], w[0], w[1], w[2]);
            }
            System.out.printf("median per call: spend thread CPU %.1f us, allocated %.0f B, JVM CPU %.1f us | raw EVALSHA "
                    + "thread CPU %.1f us, allocated %.0f B, JVM CPU %.1f us%n", ThreadCost.median(spendCost[0]), ThreadCost.median(spendCost[1]),
                ThreadCost.median(spendCost[2]), ThreadCost.median(rawCost[0]), ThreadCost.median(rawCost[1]), ThreadCost.median(rawCost[2]));
            long spent = fixture.spentAndDelete();
            System.out.printf("ledger spent %d micros (%d spends of 10000)%n", spent, spent / 10_000);
        } finally {
            server.close();
        }
    }
}
