package io.agentsafety.budget.bench;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetEvents;
import io.agentsafety.budget.BudgetKeys;
import io.agentsafety.budget.BudgetLedger;
import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.DeadlineScripts;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LedgerScripts;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spend script's own CPU in Redis, without the network: n enforced spends (each under a fresh idempotency key, as
 * keyless calls are) run in a loop inside one FCALL, and the Redis main thread's CPU time (INFO cpu) is divided by n.
 * CPU time, not wall time, so a loaded machine barely moves it (LedgerBenchmark's per-call figures include the
 * network and, under load, waiting for a core). Variants, in one library built from the ledger's own Lua files:
 * <ul>
 *   <li>{@code function}: as the ledger runs on Redis 7, the prelude loaded once, each spend calls its function;</li>
 *   <li>{@code eval_deadline}: the same with {@code deadline.lua} (EVAL's deadline check) in place of the library's;</li>
 *   <li>{@code chunk}: deadline prelude + prelude + spend re-run whole for each spend, as an EVALSHA does;</li>
 *   <li>{@code harness}: the loop alone (building each call's keys and arguments), to subtract.</li>
 * </ul>
 * Not a unit test (never run by the build). Arguments: spends per FCALL (default 20000), repetitions (default 5); a
 * REDIS_URI environment variable selects an existing Redis instead of the embedded one.
 */
public final class ScriptCost {

    private static final String LUA = "/io/agentsafety/budget/lua/";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        BenchRedis server = BenchRedis.fromEnvironment(Duration.ofSeconds(5));
        RedisURI target = server.target();
        RedisClient client = RedisClient.create(target);
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(target, Duration.ofSeconds(5))) {
            RedisCommands<String, String> redis = client.connect().sync();
            BudgetSettings settings = BudgetSettings.defaults();
            BudgetLedger ledger = new BudgetLedger(new LedgerScripts(connection),
                new BudgetEvents(connection, new LedgerScripts(connection), settings), settings);
            String runId = "cost-" + System.nanoTime();
            ledger.create(runId, 1_000_000_000_000_000L, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
            redis.functionLoad(library(), true);
            String[] keys = BudgetKeys.forScript(runId, "cost");
            System.out.printf("spends per FCALL=%d repetitions=%d redis=%s%n", n, repetitions,
                redis.info("server").lines().filter(l -> l.startsWith("redis_version:")).findFirst().orElse("?"));
            // -Dvariants=function,... runs only those (one variant per process, e.g. to profile Redis under it)
            List<String> variants = List.of(System.getProperty("variants", "harness,function,eval_deadline,chunk").split(","));
            Map<String, List<Double>> byVariant = new LinkedHashMap<>();
            for (int r = 0; r < repetitions; r++) {
                // variants alternated within each repetition, so the machine's load hits all alike
                for (String variant : variants) {
                    double before = RedisMainThreadCpu.seconds(redis);
                    redis.fcall("ledger_cost", ScriptOutputType.VALUE, keys, variant, Integer.toString(n), variant + r + "-");
                    byVariant.computeIfAbsent(variant, v -> new ArrayList<>()).add((RedisMainThreadCpu.seconds(redis) - before) * 1e6 / n);
                }
            }
            for (String variant : variants) {
                List<Double> micros = byVariant.get(variant);
                System.out.printf("%-13s rounds %s%n", variant, micros.stream().map(m -> String.format("%.2f", m)).toList());
                Collections.sort(micros);
                System.out.printf("%-13s median %.2f us per spend (min %.2f, max %.2f)%n", variant, micros.get(micros.size() / 2),
                    micros.get(0), micros.get(micros.size() - 1));
            }
            // FUNCTION DELETE (Lettuce has no method for it)
            redis.dispatch(CommandType.FUNCTION, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("DELETE").add("agentsafety_ledger_cost"));
            ledger.delete(runId);
        } finally {
            client.shutdown();
            server.close();
        }
    }

    /** The ledger's own Lua, arranged as the two ways Redis can run it, plus the loop (ARGV: variant, n, key tag). */
    private static String library() {
        String deadline = DeadlineScripts.DEADLINE_PRELUDE;
        String prelude = DeadlineScripts.resource(ScriptCost.class, LUA + "common.lua");
        String spend = DeadlineScripts.resource(ScriptCost.class, LUA + "spend.lua");
        String glue = "begin(KEYS, DEADLINE_CLOCK_MS)";
        return "#!lua name=agentsafety_ledger_cost\n"
            + "local as_function\ndo\n" + DeadlineScripts.DEADLINE_LIBRARY + "\n" + prelude
            + "\nas_function = function(KEYS, ARGV)\n" + DeadlineScripts.DEADLINE_CALL + "\n" + glue + "\n" + spend + "\nend\nend\n"
            + "local eval_deadline\ndo\n" + prelude + "\neval_deadline = function(KEYS, ARGV)\n" + deadline + "\n" + glue + "\n"
            + spend + "\nend\nend\n"
            + "local function as_chunk(KEYS, ARGV)\n" + deadline + "\n" + prelude + "\n" + glue + "\n" + spend + "\nend\n"
            + """
            local VARIANTS = {['function'] = as_function, eval_deadline = eval_deadline, chunk = as_chunk,
              harness = function() return 'ok' end}
            redis.register_function('ledger_cost', function(KEYS, ARGV)
              local run, n, tag = VARIANTS[ARGV[1]], tonumber(ARGV[2]), ARGV[3]
              local last
              for i = 1, n do
                -- an enforced spend of 0.01 under a fresh key, deadline far ahead (so TIME is read, as in production)
                last = run({KEYS[1], KEYS[2], KEYS[3], KEYS[4] .. ':' .. tag .. i, KEYS[5], KEYS[6], KEYS[7]},
                  {'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '0.010000', '1', '60000', '1',
                   '99999999999999'})
              end
              if ARGV[1] ~= 'harness' and string.sub(last, 1, 3) ~= 'ok\\n' then error('spend failed: ' .. last) end
              return 'ok'
            end)
            """;
    }
}
