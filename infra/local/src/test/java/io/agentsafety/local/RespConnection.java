package io.agentsafety.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One plain-TCP connection speaking Redis's RESP, for test set-up and checks without a Redis client library on this
 * module's class path (a cluster's slots and meets, a key count, a database fingerprint): nothing stands between the
 * test and the server.
 */
final class RespConnection implements AutoCloseable {

    /** An error reply ({@code -ERR ...}), kept apart from a simple string. */
    record ErrorReply(String message) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespConnection(int port) throws IOException {
        this("127.0.0.1", port);
    }

    RespConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * A command whose reply is one line or one bulk string, as text: simple strings and integers as their text, an
     * error prefixed with "-", a bulk string as its content (null for a nil).
     */
    String call(String... args) throws IOException {
        Object reply = command(args);
        if (reply instanceof ErrorReply error) {
            return "-" + error.message();
        }
        if (reply instanceof List<?>) {
            throw new IOException("unexpected array reply to " + args[0]);
        }
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : reply == null ? null : reply.toString();
    }

    /**
     * Any command, its reply as RESP types: a simple string as {@link String}, an error as {@link ErrorReply}, an
     * integer as {@link Long}, a bulk string as {@code byte[]} (null for a nil), an array as a {@link List} of these.
     */
    synchronized Object command(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
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
                return new ErrorReply(line);
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
                throw new IOException(kind < 0 ? "connection closed" : "unexpected RESP type " + (char) kind);
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
