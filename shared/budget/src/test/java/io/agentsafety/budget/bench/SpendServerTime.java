package io.agentsafety.budget.bench;

import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where Redis spends its time on one enforced spend, split by command: n sequential spends (one caller, so no spend
 * waits behind another), {@code CONFIG RESETSTAT} before and {@code INFO commandstats} after give, per spend, the
 * calls and µs of every command the script issued (TIME, MGET, SET, ...) and of the FCALL around them; the FCALL's µs
 * less its inner commands' is the Lua work and the call's own overhead. {@code INFO cpu} (the main thread's CPU time,
 * which the machine's load inflates far less than wall time) gives Redis's whole cost per spend, network included.
 * The same rounds for a trivial FCALL ({@code return 'ok'}, one key) give the fixed cost of any function call.
 * Not a unit test:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   io.agentsafety.budget.bench.SpendServerTime 20000 5</pre>
 *
 * Arguments: spends per round, rounds (medians printed); REDIS_URI selects an existing Redis.
 */
public final class SpendServerTime {

    private static final String TRIVIAL_LIBRARY = "#!lua name=spend_server_time_trivial\n"
        + "redis.register_function('spend_server_time_trivial', function(KEYS, ARGV) return 'ok' end)";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Duration timeout = Duration.ofSeconds(5);
        BenchRedis server = BenchRedis.fromEnvironment(timeout);
        RedisURI target = server.target();
        RedisClient client = RedisClient.create(target);
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(target, timeout)) {
            RedisCommands<String, String> stats = client.connect().sync();
            SpendFixture fixture = SpendFixture.on(connection, "server-time-");
            stats.functionLoad(TRIVIAL_LIBRARY, true);
            String key = "budget:{" + fixture.runId() + "}:bench";
            Runnable trivial = () -> stats.fcall("spend_server_time_trivial", io.lettuce.core.ScriptOutputType.VALUE,
                new String[]{key});
            run(fixture.spend(), n / 4);
            run(trivial, n / 4);
            List<Map<String, double[]>> spendRounds = new ArrayList<>();
            List<Map<String, double[]>> trivialRounds = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                spendRounds.add(round(stats, fixture.spend(), n));
                trivialRounds.add(round(stats, trivial, n));
            }
            print("enforced spend (keyless, no threshold crossed, nothing reserved)", spendRounds);
            print("trivial FCALL (return 'ok', one key), same connection kind: " + "not the ledger's", trivialRounds);
            // FUNCTION DELETE (Lettuce has no method for it)
            stats.dispatch(CommandType.FUNCTION, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("DELETE").add("spend_server_time_trivial"));
            long spent = fixture.spentAndDelete();
            System.out.printf("ledger spent %d micros%n", spent);
        } finally {
            client.shutdown();
            server.close();
        }
    }

    private static void run(Runnable call, int n) {
        for (int i = 0; i < n; i++) {
            call.run();
        }
    }

    /** Per command: {calls, usec} per call of the round; plus "cpu" = Redis main-thread CPU µs per call. */
    private static Map<String, double[]> round(RedisCommands<String, String> stats, Runnable call, int n) {
        stats.configResetstat();
        double cpu = cpuSeconds(stats);
        run(call, n);
        double cpuAfter = cpuSeconds(stats);
        // read before anything else counts: INFO itself is in the stats, CONFIG too
        String commandstats = stats.info("commandstats");
        Map<String, double[]> out = new TreeMap<>();
        for (String line : commandstats.lines().toList()) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            if (name.equals("info") || name.equals("config")) {
                continue;
            }
            long calls = Long.parseLong(line.replaceAll(".*[:,]calls=([0-9]+).*", "$1"));
            long usec = Long.parseLong(line.replaceAll(".*[:,]usec=([0-9]+).*", "$1"));
            out.put(name, new double[]{(double) calls / n, (double) usec / n});
        }
        out.put("(redis main thread CPU)", new double[]{Double.NaN, (cpuAfter - cpu) * 1e6 / n});
        return out;
    }

    private static void print(String title, List<Map<String, double[]>> rounds) {
        System.out.println(title + ", median of " + rounds.size() + " rounds (min-max of usec per call)");
        System.out.printf("  %-26s %12s %14s%n", "command", "calls/call", "usec/call");
        Map<String, List<double[]>> byName = new TreeMap<>();
        for (Map<String, double[]> round : rounds) {
            round.forEach((name, v) -> byName.computeIfAbsent(name, k -> new ArrayList<>()).add(v));
        }
        double inner = 0;
        double fcall = 0;
        for (Map.Entry<String, List<double[]>> e : byName.entrySet()) {
            double calls = ThreadCost.median(e.getValue().stream().mapToDouble(v -> v[0]).toArray());
            double[] usec = e.getValue().stream().mapToDouble(v -> v[1]).sorted().toArray();
            double med = ThreadCost.median(usec);
            System.out.printf("  %-26s %12.3f %8.2f (%.2f-%.2f)%n", e.getKey(), calls, med, usec[0], usec[usec.length - 1]);
            if (e.getKey().equals("fcall")) {
                fcall = med;
            } else if (!e.getKey().startsWith("(")) {
                inner += med;
            }
        }
        System.out.printf("  %-26s %12s %8.2f%n", "fcall less inner commands", "", fcall - inner);
    }

    private static double cpuSeconds(RedisCommands<String, String> stats) {
        double seconds = 0;
        for (String line : stats.info("cpu").lines().toList()) {
            if (line.startsWith("used_cpu_user_main_thread:") || line.startsWith("used_cpu_sys_main_thread:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }
}
