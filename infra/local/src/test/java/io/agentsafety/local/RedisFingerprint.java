package io.agentsafety.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RedisFingerprint(String redisUri) throws IOException {
        URI uri = URI.create(redisUri);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
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

    Object call(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(bytes);
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(request.toByteArray());
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int kind = in.read();
        String line = line();
        switch (kind) {
            case '+':
                return line;
            case '-':
                throw new IOException("redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                in.readNBytes(2);
                return bytes;
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + kind);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            bytes.write(c);
        }
        in.read(); // '\n'
        return bytes.toString(StandardCharsets.UTF_8);
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
        socket.close();
    }
}
