package io.agentsafety.budget.bench;

import io.agentsafety.budget.BudgetKeys;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Redis runs per enforced keyless spend (the common case), by its own {@code INFO commandstats}: the commands the
 * spend's function calls (Redis counts a script's {@code redis.call}s there too), how many per spend, their µs, and
 * the FCALL's total µs; the FCALL's µs less its calls' µs is the Lua (the function's own code, argument and reply
 * handling). Then Redis's main-thread CPU per call of the spend, a trivial EVALSHA and two probe functions (below). Stats are reset after a warm-up. Then the same for n raw EVALSHA of a trivial script (issue 16's yardstick).
 * Not a unit test:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   io.agentsafety.budget.bench.SpendCommandStats 20000</pre>
 */
public final class SpendCommandStats {

    private static final Pattern STAT = Pattern.compile("cmdstat_(\\S+):calls=(\\d+),usec=(\\d+),");

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Duration timeout = Duration.ofSeconds(5);
        BenchRedis server = BenchRedis.fromEnvironment(timeout);
        RedisClient client = RedisClient.create(server.target());
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(server.target(), timeout);
             StatefulRedisConnection<String, String> admin = client.connect()) {
            SpendFixture fixture = SpendFixture.on(connection, "stats-");
            for (int i = 0; i < 2_000; i++) {
                fixture.spend().run();
            }
            admin.sync().configResetstat();
            for (int i = 0; i < calls; i++) {
                fixture.spend().run();
            }
            String stats = admin.sync().info("commandstats");
            System.out.printf("%d enforced keyless spends (%s)%n", calls, server.description());
            Matcher m = STAT.matcher(stats);
            long fcallUsec = 0;
            long innerUsec = 0;
            while (m.find()) {
                String command = m.group(1);
                long n = Long.parseLong(m.group(2));
                long usec = Long.parseLong(m.group(3));
                if (command.equals("info") || command.startsWith("config")) {
                    continue;
                }
                System.out.printf("  %-10s %6.2f calls per spend, %6.2f us per spend%n", command, (double) n / calls,
                    (double) usec / calls);
                if (command.equals("fcall")) {
                    fcallUsec = usec;
                } else {
                    innerUsec += usec;
                }
            }
            System.out.printf("FCALL %.2f us per spend, of which its redis.calls %.2f us, the rest (Lua) %.2f us%n",
                (double) fcallUsec / calls, (double) innerUsec / calls, (double) (fcallUsec - innerUsec) / calls);
            admin.sync().configResetstat();
            for (int i = 0; i < calls; i++) {
                fixture.raw().run();
            }
            Matcher raw = Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=(\\d+),").matcher(admin.sync().info("commandstats"));
            if (raw.find()) {
                System.out.printf("raw EVALSHA of a trivial script, same connection: %.2f us per call%n",
                    Double.parseDouble(raw.group(2)) / Long.parseLong(raw.group(1)));
            }
            // Redis main-thread CPU (INFO cpu: robust to the machine's load, unlike commandstats' wall µs), alternated:
            // the spend, a trivial EVALSHA, and a probe FCALL with a spend's shape (7 keys, 6 arguments, a 113-byte
            // reply) that does nothing: the spend's CPU less the probe's is its function's own work.
            String[] keys = BudgetKeys.forScript(fixture.runId(), "call_" + "0123456789abcdef".repeat(2));
            String[] probeArgs = {"f".repeat(64), "0.010000", "1", "600000", "1", "1765150000000"};
            // a second probe: the spend's four redis.calls (TIME, MGET of state and info, SET of the state KEEPTTL, SET
            // of a new ~180-byte record key PX) with no other Lua: the spend less this is its Lua logic
            String reply = "x".repeat(112) + "\\n";
            admin.sync().functionLoad("#!lua name=led12probe\n"
                + "redis.register_function('led12probe', function(k, a) return '" + reply + "' end)\n"
                + "redis.register_function('led12calls', function(k, a) redis.call('TIME') "
                + "local b = redis.call('MGET', k[1], k[5]) redis.call('SET', k[1], b[1], 'KEEPTTL') "
                + "redis.call('SET', k[4], a[1] .. '\\n' .. '" + reply + "', 'PX', a[4]) return '" + reply + "' end)", true);
            Runnable probe = () -> admin.sync().fcall("led12probe", ScriptOutputType.VALUE, keys, probeArgs);
            long[] records = {0};
            Runnable calls4 = () -> admin.sync().fcall("led12calls", ScriptOutputType.VALUE,
                BudgetKeys.forScript(fixture.runId(), "call_probe" + records[0]++), probeArgs);
            String[] names = {"spend", "raw EVALSHA", "probe FCALL", "4 calls FCALL"};
            Runnable[] variants = {fixture.spend(), fixture.raw(), probe, calls4};
            for (int round = 1; round <= 3; round++) {
                StringBuilder line = new StringBuilder("Redis main-thread CPU per call, round " + round + ":");
                for (int v = 0; v < variants.length; v++) {
                    double before = RedisMainThreadCpu.seconds(admin.sync());
                    for (int i = 0; i < calls; i++) {
                        variants[v].run();
                    }
                    line.append(String.format(" %s %.2f us", names[v], (RedisMainThreadCpu.seconds(admin.sync()) - before) * 1e6 / calls));
                }
                System.out.println(line);
            }
            admin.sync().dispatch(CommandType.FUNCTION, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("DELETE").add("led12probe"));
            fixture.spentAndDelete();
        } finally {
            client.shutdown();
            server.close();
        }
    }
}
