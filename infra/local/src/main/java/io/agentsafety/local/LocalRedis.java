package io.agentsafety.local;

import redis.embedded.RedisServer;
import redis.embedded.exceptions.EmbeddedRedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The embedded Redis (org.signal:embedded-redis, a real redis-server binary) the runner starts when no Redis
 * is configured: on 6379 when that port is free, else on a free port; loopback only, no persistence.
 */
final class LocalRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private LocalRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static LocalRedis start() {
        int port = isFree(6379) ? 6379 : freePort();
        for (int attempt = 1; ; attempt++) {
            RedisServer server = RedisServer.builder()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 128mb")
                .build();
            try {
                server.start();
                return new LocalRedis(server, port);
            } catch (EmbeddedRedisException e) {
                // the port was taken between the check and the start (parallel builds): another free port
                if (attempt == 3) {
                    throw new IllegalStateException("embedded Redis did not start (last port " + port + "): " + e.getMessage(), e);
                }
                port = freePort();
            }
        }
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return ProcessHandle.current().descendants()
            .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
            .map(ProcessHandle::pid).findFirst().orElse(-1L);
    }

    @Override
    public void close() {
        try {
            if (server.isActive()) {
                server.stop();
            }
        } catch (EmbeddedRedisException e) {
            Log.warn("embedded Redis did not stop cleanly: " + e.getMessage());
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
