package io.agentsafety.budget;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** FcallArgs writes exactly the bytes Lettuce's own FCALL arguments write (RedisCommandBuilder.fcall's layout). */
class FcallArgsTest {

    @Test
    void encodesLikeLettuce() {
        String[] spendKeys = BudgetKeys.forScript("run-é€😀", "call-key");
        String[] manyKeys = IntStream.range(0, 12).mapToObj(i -> "k{x}" + "y".repeat(i * 3)).toArray(String[]::new);
        String[][] argSets = {{}, {"", "0.010000", "1", "86400000", "1", "1765000000000"}, {"x".repeat(12345), "ü"}};
        for (String[] keys : new String[][] {spendKeys, manyKeys, {}}) {
            for (String[] args : argSets) {
                CommandArgs<String, String> lettuce = new CommandArgs<>(StringCodec.UTF8).add("agentsafety_ledger_spend")
                    .add(keys.length).addKeys(keys).addValues(args);
                CommandArgs<String, String> ours = FcallArgs.of("agentsafety_ledger_spend", keys, args);
                assertEquals(lettuce.count(), ours.count());
                assertEquals(encoded(lettuce), encoded(ours));
                assertEquals(lettuce.getFirstEncodedKey(), ours.getFirstEncodedKey());
            }
        }
    }

    private static String encoded(CommandArgs<String, String> args) {
        ByteBuf buf = Unpooled.buffer(16);
        args.encode(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
