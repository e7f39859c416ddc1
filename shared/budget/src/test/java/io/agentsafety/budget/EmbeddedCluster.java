package io.agentsafety.budget;

import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real 3-master Redis Cluster from the redis-server binary that embedded-redis ships: three servers
 * with cluster mode on, slots 0-16383 split in three (CLUSTER ADDSLOTSRANGE), joined with CLUSTER MEET,
 * ready once every node reports cluster_state:ok and knows all three masters.
 */
final class EmbeddedCluster implements AutoCloseable {

    private final List<RedisServer> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Path dir;

    EmbeddedCluster() {
        try {
            dir = Files.createTempDirectory("budget-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EmbeddedCluster start() throws InterruptedException {
        EmbeddedCluster cluster = new EmbeddedCluster();
        cluster.boot();
        return cluster;
    }

    private void boot() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            int port = clusterPort();
            RedisServer server = RedisServer.builder()
                .port(port)
                .bind("127.0.0.1")
                .setting("cluster-enabled yes")
                .setting("cluster-config-file nodes-" + port + ".conf")
                .setting("cluster-node-timeout 5000")
                .setting("dir " + dir)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
            server.start();
            servers.add(server);
            ports.add(port);
        }
        int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        for (int i = 0; i < 3; i++) {
            try (Node node = new Node(ports.get(i))) {
                node.sync().clusterAddSlotsRange(io.lettuce.core.Range.create(ranges[i][0], ranges[i][1]));
                if (i > 0) {
                    node.sync().clusterMeet("127.0.0.1", ports.get(0));
                }
            }
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!ready()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("redis cluster did not converge");
            }
            Thread.sleep(100);
        }
    }

    private boolean ready() {
        for (int port : ports) {
            try (Node node = new Node(port)) {
                if (!node.sync().clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
                long masters = node.sync().clusterNodes().lines().filter(l -> l.contains("master") && !l.contains("fail")).count();
                if (masters < 3) {
                    return false;
                }
            }
        }
        return true;
    }

    String seedUri() {
        return "redis://127.0.0.1:" + ports.get(0);
    }

    /** The cluster bus listens on port + 10000: both must be free. */
    private static int clusterPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = EmbeddedRedis.freePort();
            if (port < 55000 && free(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (RedisServer server : servers) {
            try {
                server.stop();
            } catch (RuntimeException e) {
                // best effort: the process dies with the test JVM anyway
            }
        }
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private static final class Node implements AutoCloseable {
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;

        Node(int port) {
            client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + port));
            connection = client.connect(StringCodec.UTF8);
        }

        io.lettuce.core.api.sync.RedisCommands<String, String> sync() {
            return connection.sync();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
