package io.agentsafety.budget.bench;

import io.agentsafety.budget.BudgetKeys;
import io.agentsafety.budget.DeadlineScripts;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LettuceLedgerConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where the spend's own Lua logic goes (issue 16, led13): what Redis spends per FCALL of probe functions that each run
 * one more step of the spend than the one before, once per FCALL (not in a loop), on the same budget, keys and
 * arguments as a real enforced keyless spend. All probes live in one library made of the ledger's own
 * {@code deadline_library.lua} + {@code common.lua}, so each step is the ledger's very code:
 * <ol>
 *   <li>{@code 4 calls}: the spend's four {@code redis.call}s alone (TIME, MGET, SET of the state KEEPTTL, SET of a new
 *   record PX), a constant reply as long as the spend's;</li>
 *   <li>{@code + deadline}: TIME by the library's deadline check; {@code + begin}: the per-call reset;</li>
 *   <li>{@code + load}: {@code load()} (MGET, state match), the state written back as read;</li>
 *   <li>{@code + checks}: {@code expire_reservations}, {@code idem_lookup}, {@code amount_arg}, {@code can_take};</li>
 *   <li>{@code + spent}: the new spent set, the state text built and written by {@code flush}; {@code + count}: the
 *   spend count; {@code + money}: the clock ({@code updated_at});</li>
 *   <li>{@code + rules}: {@code check_exceeded}, {@code check_thresholds}, {@code touch}, {@code emit};</li>
 *   <li>{@code spend}: {@code spend.lua} whole ({@code idem_store}'s record text, the reply by {@code result});</li>
 *   <li>{@code ledger spend}: the real ledger's spend (its own library, FcallArgs), as a check on the probe above;</li>
 *   <li>{@code raw EVALSHA}: a trivial script, issue 16's yardstick; {@code x shape …}: a function that only answers
 *   the spend's reply, called with 7 keys and 6, 3 arguments, or 1 key and 1 argument; {@code x count_…}: the count
 *   step's parts.</li>
 * </ol>
 * Variants alternate within each round; -Dvariants=a,b keeps only those. The meter is Redis's main-thread CPU ({@code
 * INFO cpu}), or instructions under callgrind (see {@link Meter}): exact, so steps of 1 % show, where CPU time on the
 * shared 2-core box varies ±30 %. For instructions, give the server a keyspace that no run makes rehash (a dict
 * doubling mid-variant moved a variant by ~8 %), e.g. 560,000 plain keys and 140,000 with a TTL (BENCHMARK.md, led13).
 * Every call leaves a record key (10 min): the embedded Redis's 256 MB hold the defaults (5,000 calls, 3 rounds, all
 * variants); for more, a Redis of its own (REDIS_URI). Not a unit test:
 * <pre>java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   io.agentsafety.budget.bench.SpendLogicSplit 5000 3
 * valgrind --tool=callgrind --callgrind-out-file=/tmp/led13/cg.out redis-server --port 6391 --save '' --hz 1 &amp;
 * REDIS_URI=redis://127.0.0.1:6391 CALLGRIND_PID=$! CALLGRIND_OUT=/tmp/led13/cg.out java … SpendLogicSplit 1000 3</pre>
 */
public final class SpendLogicSplit {

    private static final String LUA = "/io/agentsafety/budget/lua/";
    /**
     * -Dbefore=DIR: a folder with another version's deadline_library.lua, common.lua and spend.lua (e.g. from {@code git
     * show}), run as the variant "spend before" in its own scope of the library: an A/B of a change, alternated.
     */
    private static final String BEFORE = System.getProperty("before");

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Duration timeout = Duration.ofSeconds(5);
        BenchRedis server = BenchRedis.fromEnvironment(timeout);
        RedisClient client = RedisClient.create(server.target());
        try (LedgerConnection connection = LettuceLedgerConnection.standalone(server.target(), timeout);
             StatefulRedisConnection<String, String> admin = client.connect()) {
            RedisCommands<String, String> redis = admin.sync();
            SpendFixture fixture = SpendFixture.on(connection, "split-");
            redis.functionLoad(library(), true);
            long[] next = {0};
            String fingerprint = "0123456789abcdef".repeat(4);
            // the spend's arguments: fingerprint, amount, enforce, record TTL ms, fresh key, deadline (ms, ahead)
            Function<String, Runnable> probe = name -> () -> {
                String[] keys = BudgetKeys.forScript(fixture.runId(), BudgetKeys.idempotency(String.format("call_%032x", next[0]++)));
                String reply = redis.fcall(name, ScriptOutputType.VALUE, keys, fingerprint, "0.010000", "1", "600000", "1",
                    Long.toString(System.currentTimeMillis() + 60_000));
                if (reply == null || reply.startsWith("deadline") || reply.startsWith("not_found")) {
                    throw new IllegalStateException(name + ": " + reply);
                }
            };
            // the constant reply of the probes that do not build one: the real spend's reply, as long as it is
            String[] sample = BudgetKeys.forScript(fixture.runId(), BudgetKeys.idempotency("call_sample"));
            String spendReply = redis.fcall("led13_spend", ScriptOutputType.VALUE, sample, fingerprint, "0.010000", "1",
                "600000", "1", Long.toString(System.currentTimeMillis() + 60_000));
            redis.fcall("led13_set_reply", ScriptOutputType.VALUE, sample, spendReply);
            Meter meter = Meter.fromEnvironment();
            System.out.printf("%d calls per variant per round, %d rounds (%s), spend reply %d bytes; per call: %s%n", calls,
                rounds, server.description(), spendReply.length(), meter.unit());
            Map<String, Runnable> variants = new LinkedHashMap<>();
            variants.put("4 calls", probe.apply("led13_calls"));
            variants.put("+ deadline", probe.apply("led13_deadline"));
            variants.put("+ begin", probe.apply("led13_begin"));
            variants.put("+ load", probe.apply("led13_load"));
            variants.put("+ checks", probe.apply("led13_checks"));
            variants.put("+ spent", probe.apply("led13_spent"));
            variants.put("+ count", probe.apply("led13_count"));
            variants.put("+ money", probe.apply("led13_money"));
            variants.put("+ rules", probe.apply("led13_rules"));
            variants.put("spend", probe.apply("led13_spend"));
            if (BEFORE != null) {
                variants.put("spend before", probe.apply("led13_spend_before"));
            }
            variants.put("ledger spend", fixture.spend());
            variants.put("raw EVALSHA", fixture.raw());
            // the FCALL's shape alone: a function that answers the spend's reply and does nothing else, called with the
            // spend's 7 keys and 6 arguments, with 3 arguments fewer, and with one key and one argument
            String[] shapeKeys = BudgetKeys.forScript(fixture.runId(), BudgetKeys.idempotency("call_shape"));
            variants.put("x shape 7k 6a", () -> redis.fcall("led13_noop", ScriptOutputType.VALUE, shapeKeys, fingerprint,
                "0.010000", "1", "600000", "1", "1765150000000"));
            variants.put("x shape 7k 3a", () -> redis.fcall("led13_noop", ScriptOutputType.VALUE, shapeKeys, fingerprint,
                "0.010000", "1765150000000"));
            variants.put("x shape 1k 1a", () -> redis.fcall("led13_noop", ScriptOutputType.VALUE, new String[] {shapeKeys[0]},
                "1765150000000"));
            // the count step's parts: the count rewritten as it was, formatted but not stored, replaced by a constant
            variants.put("x count_same", probe.apply("led13_count_same"));
            variants.put("x count_fmt", probe.apply("led13_count_fmt"));
            variants.put("x count_text", probe.apply("led13_count_text"));
            // -Dvariants=spend,... keeps only those (e.g. to profile Redis under one)
            String only = System.getProperty("variants");
            if (only != null) {
                variants.keySet().retainAll(List.of(only.split(",")));
            }
            for (Runnable v : variants.values()) {
                for (int i = 0; i < 2_000; i++) {
                    v.run();
                }
            }
            Map<String, List<Double>> byVariant = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                StringBuilder line = new StringBuilder("round " + round + ":");
                for (Map.Entry<String, Runnable> v : variants.entrySet()) {
                    double before = meter.read(redis);
                    for (int i = 0; i < calls; i++) {
                        v.getValue().run();
                    }
                    double us = (meter.read(redis) - before) / calls;
                    byVariant.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(us);
                    line.append(String.format(" %s %.2f", v.getKey(), us));
                }
                System.out.println(line);
            }
            List<String> names = new ArrayList<>(byVariant.keySet());
            for (int v = 0; v < names.size(); v++) {
                List<Double> us = new ArrayList<>(byVariant.get(names.get(v)));
                Collections.sort(us);
                String step = "";
                if (v > 0 && (names.get(v).startsWith("+") || names.get(v).equals("spend"))) {
                    List<Double> diffs = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        diffs.add(byVariant.get(names.get(v)).get(r) - byVariant.get(names.get(v - 1)).get(r));
                    }
                    Collections.sort(diffs);
                    step = String.format(", step over previous: median %.2f (%.2f to %.2f)", diffs.get(rounds / 2),
                        diffs.get(0), diffs.get(rounds - 1));
                }
                System.out.printf("%-13s median %.2f (%.2f to %.2f)%s%n", names.get(v), us.get(us.size() / 2), us.get(0),
                    us.get(us.size() - 1), step);
            }
            redis.dispatch(CommandType.FUNCTION, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("DELETE").add("led13split"));
            fixture.spentAndDelete();
        } finally {
            client.shutdown();
            server.close();
        }
    }

    /**
     * What a variant costs Redis: its main thread's CPU µs ({@code INFO cpu}), or, with {@code CALLGRIND_PID} set (a
     * {@code redis-server} run under {@code valgrind --tool=callgrind}, named by {@code REDIS_URI}), the instructions it
     * executed: exact and the same whatever the machine's load, where CPU time on a shared 2-core box varies ±30 %.
     */
    private interface Meter {
        double read(RedisCommands<String, String> redis) throws Exception;

        String unit();

        static Meter fromEnvironment() {
            String pid = System.getenv("CALLGRIND_PID");
            return pid == null ? new Cpu() : new Callgrind(pid);
        }
    }

    private record Cpu() implements Meter {
        @Override
        public double read(RedisCommands<String, String> redis) {
            return RedisMainThreadCpu.seconds(redis) * 1e6;
        }

        @Override
        public String unit() {
            return "Redis main-thread CPU µs (INFO cpu)";
        }
    }

    /**
     * Instructions so far, by callgrind: each read dumps the counts since the last dump ({@code callgrind_control -d};
     * the dump is {@code CALLGRIND_OUT.<n>}, its "summary:" line the instructions of all threads) and adds them up.
     */
    private static final class Callgrind implements Meter {
        private final String pid;
        private final Path out = Path.of(System.getenv().getOrDefault("CALLGRIND_OUT",
            "/tmp/led13/cg.out"));
        private double total;

        Callgrind(String pid) {
            this.pid = pid;
        }

        @Override
        public double read(RedisCommands<String, String> redis) throws Exception {
            Process p = new ProcessBuilder("callgrind_control", "-d", pid).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            Path last;
            try (var files = Files.list(out.getParent())) {
                last = files.filter(f -> f.getFileName().toString().matches(Pattern.quote(
                        out.getFileName().toString()) + "\\.\\d+"))
                    .max(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString()
                        .substring(out.getFileName().toString().length() + 1)))).orElseThrow();
            }
            String summary = Files.readAllLines(last).stream().filter(l -> l.startsWith("summary:"))
                .findFirst().orElseThrow();
            total += Double.parseDouble(summary.substring("summary:".length()).trim());
            Files.delete(last);
            return total;
        }

        @Override
        public String unit() {
            return "instructions (callgrind)";
        }
    }

    private static String library() {
        String prelude = DeadlineScripts.resource(SpendLogicSplit.class, LUA + "common.lua");
        String spend = DeadlineScripts.resource(SpendLogicSplit.class, LUA + "spend.lua");
        String start = DeadlineScripts.DEADLINE_CALL + "\nbegin(KEYS, DEADLINE_CLOCK_MS)\n";
        String load = "if not load() then return bare('not_found') end\nlocal now = nowms()\n";
        String checks = """
            expire_reservations(now)
            local replay = idem_lookup(ARGV[1], ARGV[5])
            if replay then return replay end
            local au, am = amount_arg(ARGV[2])
            if ARGV[3] == '1' then
              local refusal = can_take(au, am)
              if refusal then flush() return result(refusal) end
            end
            """;
        String money = """
            local events = {}
            local su, sm = money('spent')
            set_money('spent', add(su, sm, au, am))
            set_num('spend_count', num('spend_count') + 1)
            set('updated_at', ms_clock(now))
            """;
        String rules = "check_exceeded(events)\ncheck_thresholds(events)\ntouch(now, false)\n";
        String rawState = "redis.call('SET', K_STATE, HOT_TEXT, 'KEEPTTL')\n";
        String rawRecord = "redis.call('SET', KEYS[4], ARGV[1] .. '\\n' .. REPLY, 'PX', ARGV[4])\nreturn REPLY\n";
        String rawCalls = "local b = redis.call('MGET', KEYS[1], KEYS[5])\nredis.call('SET', KEYS[1], b[1], 'KEEPTTL')\n";
        String spent = "local events = {}\nlocal su, sm = money('spent')\nset_money('spent', add(su, sm, au, am))\n";
        String count = "set_num('spend_count', num('spend_count') + 1)\n";
        return "#!lua name=led13split\nlocal REPLY = ''\n" + DeadlineScripts.DEADLINE_LIBRARY + "\n" + prelude + "\n"
            + "redis.register_function('led13_set_reply', function(KEYS, ARGV) REPLY = ARGV[1] return 'ok' end)\n"
            + "redis.register_function('led13_noop', function(KEYS, ARGV) return REPLY end)\n"
            + "redis.register_function('led13_calls', function(KEYS, ARGV)\nredis.call('TIME')\n"
            + "local b = redis.call('MGET', KEYS[1], KEYS[5])\nredis.call('SET', KEYS[1], b[1], 'KEEPTTL')\n"
            + "redis.call('SET', KEYS[4], ARGV[1] .. '\\n' .. REPLY, 'PX', ARGV[4])\nreturn REPLY\nend)\n"
            + fn("led13_deadline", DeadlineScripts.DEADLINE_CALL + "\n" + rawCalls + rawRecord)
            + fn("led13_begin", start + rawCalls + rawRecord)
            + fn("led13_spent", start + load + checks + spent + "flush()\n" + rawRecord)
            + fn("led13_count", start + load + checks + spent + count + "flush()\n" + rawRecord)
            + fn("led13_count_same", start + load + checks + spent + "set('spend_count', S.spend_count)\nflush()\n" + rawRecord)
            + fn("led13_count_fmt", start + load + checks + spent + "local c = ms(num('spend_count') + 1)\nflush()\n" + rawRecord)
            + fn("led13_count_text", start + load + checks + spent + "S.spend_count = S.spend_count == '7' and '8' or '7'\nflush()\n" + rawRecord)
            + fn("led13_load", start + load + rawState + rawRecord)
            + fn("led13_checks", start + load + checks + rawState + rawRecord)
            + fn("led13_money", start + load + checks + money + "flush()\n" + rawRecord)
            + fn("led13_rules", start + load + checks + money + rules + "flush()\nemit(events, now)\n" + rawRecord)
            + fn("led13_spend", start + spend) + before(start);
    }

    private static String before(String start) {
        if (BEFORE == null) {
            return "";
        }
        try {
            Path dir = Path.of(BEFORE);
            return "do\n" + Files.readString(dir.resolve("deadline_library.lua")) + "\n"
                + Files.readString(dir.resolve("common.lua")) + "\n"
                + fn("led13_spend_before", start + Files.readString(dir.resolve("spend.lua"))) + "end\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fn(String name, String body) {
        return "redis.register_function('" + name + "', function(KEYS, ARGV)\n" + body + "\nend)\n";
    }
}
