package io.agentsafety.budget;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The arguments of one {@code FCALL function numkeys key… arg…} written straight into the outgoing buffer as RESP bulk
 * strings, sent with the connection's {@code dispatch} ({@link #send}). What Lettuce's own {@code fcall} sends, byte
 * for byte; it is cheaper because Lettuce's generic arguments wrap every string in an object of its own, and on the
 * event loop encode each one through a temporary buffer and print each length through {@code Long.toString}: a spend
 * has 15 of them (function, count, 7 keys, 6 arguments). Cluster routing reads the first key ({@link
 * #getFirstEncodedKey}), as for Lettuce's own command.
 */
final class FcallArgs extends CommandArgs<String, String> {

    private static final short CRLF = ('\r' << 8) | '\n';

    private final String function;
    private final String[] keys;
    private final String[] args;

    private FcallArgs(String function, String[] keys, String[] args) {
        super(StringCodec.UTF8);
        this.function = function;
        this.keys = keys;
        this.args = args;
    }

    /** FCALL through {@code dispatch} of an async API (standalone, cluster or one node's): the reply as one string. */
    static RedisFuture<String> send(BaseRedisAsyncCommands<String, String> redis, String function, String[] keys,
                                    String[] args) {
        return redis.dispatch(CommandType.FCALL, new ValueOutput<>(StringCodec.UTF8), of(function, keys, args));
    }

    static FcallArgs of(String function, String[] keys, String[] args) {
        return new FcallArgs(function, keys, args);
    }

    @Override
    public int count() {
        return 2 + keys.length + args.length;
    }

    @Override
    public void encode(ByteBuf buf) {
        bulk(buf, function);
        buf.writeByte('$');
        int digits = digits(keys.length);
        decimal(buf, digits, digits(digits));
        buf.writeShort(CRLF);
        decimal(buf, keys.length, digits);
        buf.writeShort(CRLF);
        for (String key : keys) {
            bulk(buf, key);
        }
        for (String arg : args) {
            bulk(buf, arg);
        }
    }

    @Override
    public ByteBuffer getFirstEncodedKey() {
        return keys.length == 0 ? null : ByteBuffer.wrap(keys[0].getBytes(StandardCharsets.UTF_8));
    }

    /** Names the function and the key count only: arguments (fingerprints, amounts) stay out of logs. */
    @Override
    public String toString() {
        return "FcallArgs[" + function + ", " + keys.length + " keys, " + args.length + " args]";
    }

    @Override
    public String toCommandString() {
        return function + " " + keys.length + " …";
    }

    private static void bulk(ByteBuf buf, String s) {
        int length = ByteBufUtil.utf8Bytes(s);
        buf.writeByte('$');
        decimal(buf, length, digits(length));
        buf.writeShort(CRLF);
        ByteBufUtil.reserveAndWriteUtf8(buf, s, length);
        buf.writeShort(CRLF);
    }

    private static int digits(int n) {
        int digits = 1;
        for (int rest = n; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** {@code n} (≥ 0) in decimal, {@code digits} long, without a String. */
    private static void decimal(ByteBuf buf, int n, int digits) {
        int at = buf.writerIndex();
        buf.ensureWritable(digits);
        int rest = n;
        for (int i = digits - 1; i >= 0; i--) {
            buf.setByte(at + i, '0' + rest % 10);
            rest /= 10;
        }
        buf.writerIndex(at + digits);
    }
}
