package io.agentsafety.budget.bench;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetEvents;
import io.agentsafety.budget.BudgetLedger;
import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LedgerScripts;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import redis.embedded.RedisServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cost of {@code safety.budget.redis.replica-acknowledgements = 1} per ledger write: enforced keyed spends on a
 * master with one replica (two embedded redis-server processes on loopback), the setting off and on alternated round by
 * round in one process (same servers, same budgets), at 1 and 8 caller threads. Prints, per mode and concurrency, the
 * median over rounds of throughput and of p50/p99 latency per spend. Not a unit test (never run by the build).
 * Arguments: spends per round (default 4000), rounds per mode (default 3).
 */
public final class ReplicaAckCost {

    private static final long UNIT = 1_000L;

    public static void main(String[] args) throws Exception {
        int spends = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        EmbeddedRedis master = EmbeddedRedis.startNew();
        int replicaPort = EmbeddedRedis.freePort();
        RedisServer replica = RedisServer.builder().port(replicaPort).bind("127.0.0.1")
            .setting("replicaof 127.0.0.1 " + master.port()).setting("save \"\"").setting("appendonly no").build();
        RedisClient raw = RedisClient.create();
        try {
            try (StatefulRedisConnection<String, String> admin = raw.connect(StringCodec.UTF8, RedisURI.create(master.uri()))) {
                admin.sync().configSet("repl-diskless-sync-delay", "0");
            }
            replica.start();
            try (StatefulRedisConnection<String, String> onReplica = raw.connect(StringCodec.UTF8,
                RedisURI.create("redis://127.0.0.1:" + replicaPort))) {
                while (!onReplica.sync().info("replication").contains("master_link_status:up")) {
                    Thread.sleep(50);
                }
            }
            Duration timeout = Duration.ofSeconds(2);
            BudgetSettings off = BudgetSettings.defaults().withCommandTimeout(timeout);
            BudgetSettings on = off.withReplicaAcknowledgements(1, Duration.ofMillis(500));
            try (LedgerConnection connOff = LettuceLedgerConnection.standalone(RedisURI.create(master.uri()), timeout);
                 LedgerConnection connOn = LettuceLedgerConnection.standalone(RedisURI.create(master.uri()), timeout)) {
                BudgetLedger ledgerOff = ledger(connOff, off);
                BudgetLedger ledgerOn = ledger(connOn, on);
                System.out.printf("# ReplicaAckCost: %d keyed enforced spends per round, %d rounds per mode, master + 1 replica "
                    + "on loopback, cores %d%n", spends, rounds, Runtime.getRuntime().availableProcessors());
                for (int threads : new int[]{1, 8}) {
                    List<double[]> offRuns = new ArrayList<>();
                    List<double[]> onRuns = new ArrayList<>();
                    // warm-up, both modes
                    round(ledgerOff, threads, spends / 4);
                    round(ledgerOn, threads, spends / 4);
                    for (int r = 0; r < rounds; r++) {
                        offRuns.add(round(ledgerOff, threads, spends));
                        onRuns.add(round(ledgerOn, threads, spends));
                    }
                    print("off", threads, offRuns);
                    print("on ", threads, onRuns);
                }
            }
        } finally {
            replica.stop();
            master.close();
            raw.shutdown();
        }
    }

    private static BudgetLedger ledger(LedgerConnection connection, BudgetSettings settings) {
        LedgerScripts scripts = new LedgerScripts(connection, settings);
        return new BudgetLedger(scripts, new BudgetEvents(connection, scripts, settings), settings);
    }

    /** One round: {@code spends} spends over {@code threads} callers, each on a budget of its own; {ops/s, p50 us, p99 us}. */
    private static double[] round(BudgetLedger ledger, int threads, int spends) throws Exception {
        List<String> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String runId = Ids.newId("run");
            ledger.create(runId, 1_000_000_000L * UNIT, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
            runs.add(runId);
        }
        int each = spends / threads;
        long[] latencies = new long[each * threads];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int caller = t;
            done.add(pool.submit(() -> {
                String runId = runs.get(caller);
                for (int i = 0; i < each; i++) {
                    long s = System.nanoTime();
                    ledger.spend(runId, UNIT, true, "k-" + i, null);
                    latencies[caller * each + i] = System.nanoTime() - s;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        Arrays.sort(latencies);
        return new double[]{latencies.length * 1e9 / elapsed, latencies[latencies.length / 2] / 1e3,
            latencies[(int) (latencies.length * 0.99)] / 1e3};
    }

    private static void print(String mode, int threads, List<double[]> runs) {
        System.out.printf("acks %s threads %d: %s ops/s median %.0f, p50 us median %.0f, p99 us median %.0f (rounds: %s)%n",
            mode, threads, "", median(runs, 0), median(runs, 1), median(runs, 2),
            runs.stream().map(r -> String.format("%.0f/%.0f/%.0f", r[0], r[1], r[2])).toList());
    }

    private static double median(List<double[]> runs, int field) {
        double[] values = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
        return values[values.length / 2];
    }
}
