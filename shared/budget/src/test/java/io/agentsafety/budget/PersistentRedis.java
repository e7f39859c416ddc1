package io.agentsafety.budget;

import io.agentsafety.testing.EmbeddedRedis;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A redis-server (the embedded-redis binary) with the append-only file fsynced on every write
 * ({@code appendfsync always}): a write is on disk before its reply is sent, so an acknowledged write survives
 * {@code kill -9}. {@link #crashAndRestart} kills the process and starts a new one on the same port and directory.
 */
final class PersistentRedis implements AutoCloseable {

    private final int port = EmbeddedRedis.freePort();
    private final Path dir;
    private RedisServer server;

    PersistentRedis() {
        try {
            dir = Files.createTempDirectory("budget-faults");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** kill -9, down for {@code downMillis}, then a new server replays the append-only file. */
    void crashAndRestart(long downMillis) throws InterruptedException {
        RedisProcess.kill9(port);
        Thread.sleep(downMillis);
        start();
    }

    private void start() {
        server = RedisServer.builder().port(port).bind("127.0.0.1").setting("dir " + dir)
            .setting("appendonly yes").setting("appendfsync always").setting("save \"\"")
            .setting("maxmemory-policy noeviction").build();
        server.start();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (RuntimeException e) {
            // already dead
        }
        EmbeddedCluster.deleteTree(dir);
    }
}
