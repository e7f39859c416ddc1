package io.agentsafety.testing;

import redis.embedded.RedisServer;
import redis.embedded.exceptions.EmbeddedRedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A real Redis 7 server (the binary bundled by org.signal:embedded-redis) on a free loopback port.
 * {@link #shared()} gives one per test JVM; tests that stop and restart Redis take their own with
 * {@link #startNew()}. Persistence is off: every start is an empty server.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static EmbeddedRedis shared;

    private final int port;
    private RedisServer server;

    private EmbeddedRedis(int port) {
        this.port = port;
    }

    public static synchronized EmbeddedRedis shared() {
        if (shared == null) {
            shared = startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-redis-stop"));
        }
        return shared;
    }

    /**
     * A new server on a free port. The port is found free and closed before redis-server binds it, so another process
     * (a parallel build's tests, an outgoing connection's ephemeral port) may take it meanwhile: redis-server then exits
     * with "Address already in use", and a new port is tried.
     */
    public static EmbeddedRedis startNew() {
        for (int attempt = 1; ; attempt++) {
            EmbeddedRedis redis = new EmbeddedRedis(freePort());
            try {
                redis.start();
                return redis;
            } catch (EmbeddedRedisException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    public synchronized void start() {
        if (server != null && server.isActive()) {
            return;
        }
        server = RedisServer.builder()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 256mb")
                .build();
        server.start();
    }

    public synchronized void stop() {
        if (server != null && server.isActive()) {
            server.stop();
        }
    }

    public boolean isRunning() {
        return server != null && server.isActive();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The clients the server counts as connected (not the one asking), polled for up to 3 s until it is {@code expected}:
     * closing a connection is asynchronous on both sides. Asks over a plain socket, so a test's own Redis client and
     * its event-loop threads are not part of what it counts.
     */
    public long clientsEventually(long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 3000;
        while (true) {
            long count = connectedClients();
            if (count == expected || System.currentTimeMillis() > deadline) {
                return count;
            }
            Thread.sleep(20);
        }
    }

    private long connectedClients() {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write("CLIENT LIST\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String header = in.readLine(); // $<length> of the bulk reply: one line per client
            if (header == null || !header.startsWith("$")) {
                throw new IllegalStateException("CLIENT LIST answered " + header);
            }
            char[] body = new char[Integer.parseInt(header.substring(1))];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(body, 0, read).lines().filter(l -> !l.isBlank()).count() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
