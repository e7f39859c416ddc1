package io.agentsafety.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole content of a Redis database as {@code key → TYPE + sha256(DUMP)}, read over a raw RESP socket (no
 * client library, so nothing between the test and the server). Two equal fingerprints mean no key was added,
 * removed or changed in value; TTLs are not part of it (they tick).
 */
final class RedisFingerprint implements AutoCloseable {

    private final RespConnection redis;

    RedisFingerprint(String redisUri) throws IOException {
        URI uri = URI.create(redisUri);
        redis = new RespConnection(uri.getHost(), uri.getPort());
    }

    /** Every key (except {@code excluded}) with its type and a hash of its serialized value. */
    synchronized Map<String, String> take(Set<String> excluded) throws IOException {
        Map<String, String> result = new TreeMap<>();
        String cursor = "0";
        List<String> keys = new ArrayList<>();
        do {
            List<?> page = (List<?>) call("SCAN", cursor, "COUNT", "1000");
            cursor = text(page.get(0));
            for (Object key : (List<?>) page.get(1)) {
                keys.add(text(key));
            }
        } while (!cursor.equals("0"));
        for (String key : keys) {
            if (excluded.contains(key)) {
                continue;
            }
            Object type = call("TYPE", key);
            Object dump = call("DUMP", key);
            result.put(key, type + ":" + (dump == null ? "gone" : sha256((byte[]) dump)));
        }
        return result;
    }

    private Object call(String... args) throws IOException {
        Object reply = redis.command(args);
        if (reply instanceof RespConnection.ErrorReply error) {
            throw new IOException("redis error: " + error.message());
        }
        return reply;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        redis.close();
    }
}
