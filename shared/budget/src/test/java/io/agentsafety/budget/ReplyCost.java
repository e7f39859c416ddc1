package io.agentsafety.budget;

import io.agentsafety.budget.bench.ThreadCost;
import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The client's whole reply side of one enforced spend, as CPU and allocation of one thread: the bulk reply's decoding
 * to a String (what Lettuce's {@code ValueOutput} does on the event loop: {@code StringCodec.UTF8.decodeValue} of the
 * bulk's bytes in a direct buffer) and {@link LedgerResult#fromScript} (the fields, the snapshot, the result objects).
 * The reply is one real spend's, recorded from Redis. It bounds what a reply parsed straight from the bytes could save
 * (issue 16, led12: it must still build the same result). In this package for {@code fromScript}; not a unit test:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   io.agentsafety.budget.ReplyCost 2000000 6</pre>
 */
public final class ReplyCost {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        String reply = recordedSpendReply();
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bulk = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        System.out.printf("reply: %d bytes, %d fields%n", bytes.length, reply.split("\n", -1).length);
        double[][] decode = new double[2][rounds];
        double[][] both = new double[2][rounds];
        for (int r = -1; r < rounds; r++) {
            double[] d = ThreadCost.perCall(calls, () -> StringCodec.UTF8.decodeValue(bulk.duplicate()).length());
            double[] p = ThreadCost.perCall(calls, () -> LedgerResult.fromScript(LedgerScripts.Op.SPEND, "run",
                StringCodec.UTF8.decodeValue(bulk.duplicate())).snapshot().spentMicros());
            if (r >= 0) {
                decode[0][r] = d[0];
                decode[1][r] = d[1];
                both[0][r] = p[0];
                both[1][r] = p[1];
                System.out.printf("round %d: decode %.3f us %.0f B | decode + parse %.3f us %.0f B%n", r + 1, d[0], d[1], p[0], p[1]);
            }
        }
        System.out.printf("median per reply: decode %.3f us %.0f B | decode + parse %.3f us %.0f B%n",
            ThreadCost.median(decode[0]), ThreadCost.median(decode[1]), ThreadCost.median(both[0]), ThreadCost.median(both[1]));
    }

    /** One real enforced spend's FCALL reply (ok, no event), from an embedded Redis. */
    private static String recordedSpendReply() throws Exception {
        EmbeddedRedis embedded = EmbeddedRedis.startNew();
        Duration timeout = Duration.ofSeconds(5);
        RedisURI target = RedisURI.create(embedded.uri());
        target.setTimeout(timeout);
        try (LedgerConnection real = LettuceLedgerConnection.standalone(target, timeout)) {
            String[] recorded = new String[1];
            LedgerConnection recording = (LedgerConnection) Proxy.newProxyInstance(LedgerConnection.class.getClassLoader(),
                new Class<?>[]{LedgerConnection.class}, (proxy, method, a) -> {
                    try {
                        Object result = method.invoke(real, a);
                        if (method.getName().equals("fcall")) {
                            recorded[0] = (String) result;
                        }
                        return result;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause(); // "Function not found" must reach the ledger, which loads the library
                    }
                });
            BudgetSettings settings = BudgetSettings.defaults();
            BudgetLedger ledger = new BudgetLedger(new LedgerScripts(recording),
                new BudgetEvents(recording, new LedgerScripts(recording), settings), settings);
            String runId = "reply-cost-" + System.nanoTime();
            ledger.create(runId, 1_000_000_000_000_000L, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
            ledger.spend(runId, 10_000, true, null, null);
            return recorded[0];
        } finally {
            embedded.stop();
        }
    }
}
