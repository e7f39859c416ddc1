package io.agentsafety.budget.bench;

import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Spends per second through the ledger (enforced spend: the full atomic check-and-spend script plus the
 * Java around it) against raw EVALSHA of a trivial one-key script, on the same Redis, same connection
 * settings, same number of client threads. Rounds alternate raw/ledger so machine noise hits both.
 * Not a unit test (never run by the build):
 *
 * <pre>./mvnw -B -o -q -pl shared/budget test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.agentsafety.budget.bench.LedgerBenchmark -Dexec.args="8 5 3"</pre>
 *
 * Arguments: client threads, seconds per round, rounds (a REDIS_URI environment variable selects an
 * existing Redis instead of the embedded one).
 */
public final class LedgerBenchmark {


    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Duration timeout = Duration.ofSeconds(5);
        BenchRedis redis = BenchRedis.fromEnvironment(timeout);
        RedisURI target = redis.target();
        RedisClient statsClient = RedisClient.create(target);
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(target, timeout)) {
            RedisCommands<String, String> stats = statsClient.connect().sync();
            // a limit large enough that no spend is refused: every call does the full write path
            SpendFixture fixture = SpendFixture.on(connection, "bench-");
            Runnable raw = fixture.raw();
            Runnable spend = fixture.spend();
            System.out.printf("threads=%d seconds/round=%d rounds=%d cpus=%d redis=%s%n", threads, seconds, rounds,
                Runtime.getRuntime().availableProcessors(), redis.description());
            measure(raw, threads, 2);
            measure(spend, threads, 2);
            List<Double> rawRates = new ArrayList<>();
            List<Double> ledgerRates = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                stats.configResetstat();
                Cpu rawCpu = Cpu.now(stats);
                double rawRate = measure(raw, threads, seconds);
                String rawCost = rawCpu.perCall(stats, rawRate * seconds);
                String rawServer = serverMicros(stats);
                stats.configResetstat();
                Cpu ledgerCpu = Cpu.now(stats);
                double ledgerRate = measure(spend, threads, seconds);
                String ledgerCost = ledgerCpu.perCall(stats, ledgerRate * seconds);
                String ledgerServer = serverMicros(stats);
                rawRates.add(rawRate);
                ledgerRates.add(ledgerRate);
                System.out.printf("round %d: raw EVALSHA %.0f/s (server %s us/call), ledger enforced spend %.0f/s (server %s us/call),"
                    + " ratio %.1f%%; CPU us/call raw %s, ledger %s%n", r, rawRate, rawServer, ledgerRate, ledgerServer,
                    100 * ledgerRate / rawRate, rawCost, ledgerCost);
            }
            double rawMean = rawRates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double ledgerMean = ledgerRates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            long spent = fixture.spentAndDelete();
            System.out.printf("mean: raw %.0f/s, ledger %.0f/s, ratio %.1f%% (ledger total spent %d micros)%n",
                rawMean, ledgerMean, 100 * ledgerMean / rawMean, spent);
        } finally {
            statsClient.shutdown();
            redis.close();
        }
    }

    /**
     * CPU time, which the machine's other load does not inflate the way it does wall time: this JVM's (every thread:
     * the callers, Lettuce's event loop, JIT, GC) and the Redis main thread's (INFO cpu: network, parsing, the script).
     */
    private record Cpu(long clientNanos, double redisSeconds) {
        static Cpu now(RedisCommands<String, String> stats) {
            return new Cpu(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime(), redisSeconds(stats));
        }

        String perCall(RedisCommands<String, String> stats, double calls) {
            Cpu end = now(stats);
            return String.format("client %.1f redis %.1f", (end.clientNanos - clientNanos) / 1e3 / calls,
                (end.redisSeconds - redisSeconds) * 1e6 / calls);
        }

        private static double redisSeconds(RedisCommands<String, String> stats) {
            double seconds = 0;
            for (String line : stats.info("cpu").lines().toList()) {
                if (line.startsWith("used_cpu_user_main_thread:") || line.startsWith("used_cpu_sys_main_thread:")) {
                    seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return seconds;
        }
    }

    /**
     * Redis's own time per script call since the last CONFIG RESETSTAT (INFO commandstats): EVALSHA and FCALL (the
     * ledger's scripts are functions on Redis 7) together.
     */
    private static String serverMicros(RedisCommands<String, String> stats) {
        long calls = 0;
        long usec = 0;
        for (String line : stats.info("commandstats").lines().toList()) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_fcall:")) {
                calls += Long.parseLong(line.replaceAll(".*[:,]calls=([0-9]+).*", "$1"));
                usec += Long.parseLong(line.replaceAll(".*[:,]usec=([0-9]+).*", "$1"));
            }
        }
        return calls == 0 ? "?" : String.format("%.2f", (double) usec / calls);
    }

    private static double measure(Runnable call, int threads, int seconds) throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        call.run();
                        done.increment();
                    }
                } finally {
                    finished.countDown();
                }
            }, "bench-" + t);
            workers.add(worker);
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        finished.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return done.sum() / elapsed;
    }
}
