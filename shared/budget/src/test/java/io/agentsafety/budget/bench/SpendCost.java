package io.agentsafety.budget.bench;

import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.lettuce.core.RedisURI;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;

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
            Runnable raw = fixture.raw();
            Runnable spend = fixture.spend();
            round(spend, calls);
            round(raw, calls);
            double[][] spendCost = new double[3][rounds];
            double[][] rawCost = new double[3][rounds];
            for (int r = 0; r < rounds; r++) {
                double[] s = round(spend, calls);
                double[] w = round(raw, calls);
                for (int i = 0; i < 3; i++) {
                    spendCost[i][r] = s[i];
                    rawCost[i][r] = w[i];
                }
                System.out.printf("round %d: spend thread %.1f us %.0f B, jvm %.1f us | raw EVALSHA thread %.1f us %.0f B, jvm %.1f us%n",
                    r + 1, s[0], s[1], s[2], w[0], w[1], w[2]);
            }
            System.out.printf("median per call: spend thread CPU %.1f us, allocated %.0f B, JVM CPU %.1f us | raw EVALSHA "
                    + "thread CPU %.1f us, allocated %.0f B, JVM CPU %.1f us%n", median(spendCost[0]), median(spendCost[1]),
                median(spendCost[2]), median(rawCost[0]), median(rawCost[1]), median(rawCost[2]));
            long spent = fixture.spentAndDelete();
            System.out.printf("ledger spent %d micros (%d spends of 10000)%n", spent, spent / 10_000);
        } finally {
            server.close();
        }
    }

    /** Per call: the calling thread's CPU µs, its allocated bytes, and the JVM's CPU µs. */
    private static double[] round(Runnable call, int calls) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long id = Thread.currentThread().getId();
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getThreadAllocatedBytes(id);
        long process = os.getProcessCpuTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return new double[]{(threads.getCurrentThreadCpuTime() - cpu) / 1e3 / calls,
            (double) (threads.getThreadAllocatedBytes(id) - bytes) / calls, (os.getProcessCpuTime() - process) / 1e3 / calls};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
