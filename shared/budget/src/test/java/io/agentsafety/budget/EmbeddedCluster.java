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
 * ready once every node reports cluster_state:ok and knows all three masters. {@link #startWithReplicas()} adds one
 * replica per master (CLUSTER REPLICATE) and a short node timeout, so that a master killed with {@code kill -9} is
 * replaced by its replica within a few seconds.
 */
final class EmbeddedCluster implements AutoCloseable {

    private static final int[][] RANGES = {{0, 5460}, {5461, 10922}, {10923, 16383}};

    private final List<RedisServer> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Integer> replicas = new ArrayList<>();
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
        cluster.boot(5000);
        return cluster;
    }

    /** Three masters, each with one replica; a master unreachable for 1 s is failed over to its replica. */
    static EmbeddedCluster startWithReplicas() throws InterruptedException {
        EmbeddedCluster cluster = new EmbeddedCluster();
        cluster.boot(1000);
        cluster.addReplicas(1000);
        return cluster;
    }

    private int startNode(int nodeTimeoutMillis) {
        return startNode(clusterPort(), nodeTimeoutMillis);
    }

    private int startNode(int port, int nodeTimeoutMillis) {
        RedisServer server = RedisServer.builder()
            .port(port)
            .bind("127.0.0.1")
            .setting("cluster-enabled yes")
            .setting("cluster-config-file nodes-" + port + ".conf")
            .setting("cluster-node-timeout " + nodeTimeoutMillis)
            // a replica is eligible for promotion however long ago it last heard from its master
            .setting("cluster-replica-validity-factor 0")
            .setting("repl-diskless-sync-delay 0")
            .setting("dir " + dir)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
        server.start();
        servers.add(server);
        return port;
    }

    private void boot(int nodeTimeoutMillis) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            ports.add(startNode(nodeTimeoutMillis));
        }
        for (int i = 0; i < 3; i++) {
            try (Node node = new Node(ports.get(i))) {
                node.sync().clusterAddSlotsRange(io.lettuce.core.Range.create(RANGES[i][0], RANGES[i][1]));
                if (i > 0) {
                    node.sync().clusterMeet("127.0.0.1", ports.get(0));
                }
            }
        }
        await(this::ready, "redis cluster did not converge");
    }

    private void addReplicas(int nodeTimeoutMillis) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            int port = startNode(nodeTimeoutMillis);
            replicas.add(port);
            try (Node node = new Node(port)) {
                node.sync().clusterMeet("127.0.0.1", ports.get(0));
            }
        }
        for (int i = 0; i < 3; i++) {
            String masterId;
            try (Node master = new Node(ports.get(i))) {
                masterId = master.sync().clusterMyId();
            }
            int port = replicas.get(i);
            // a replica can follow a master only once it has learnt of it through the cluster bus
            await(() -> {
                try (Node node = new Node(port)) {
                    return node.sync().clusterNodes().contains(masterId);
                }
            }, "replica did not learn of its master");
            try (Node node = new Node(port)) {
                node.sync().clusterReplicate(masterId);
            }
        }
        await(() -> ready() && replicasInSync(), "replicas did not sync");
    }

    private boolean replicasInSync() {
        for (int port : replicas) {
            try (Node node = new Node(port)) {
                String info = node.sync().info("replication");
                if (!info.contains("role:slave") || !info.contains("master_link_status:up")) {
                    return false;
                }
            }
        }
        for (int port : ports) {
            if (!countsItsReplicaOnline(port)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The master's own view: after a diskless full sync a master counts its replica (for WAIT) only once the replica's
     * first REPLCONF ACK arrived, up to a second after the replica reports its link up (ReplicaAcknowledgementTest).
     */
    private static boolean countsItsReplicaOnline(int masterPort) {
        try (Node node = new Node(masterPort)) {
            return node.sync().info("replication").contains("state=online");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(failure);
            }
            Thread.sleep(100);
        }
    }

    /** The index (0-2) of the master that owns {@code key}'s slot. */
    int masterIndexOf(String key) {
        int slot;
        try (Node node = new Node(ports.get(0))) {
            slot = node.sync().clusterKeyslot(key).intValue();
        }
        for (int i = 0; i < 3; i++) {
            if (slot >= RANGES[i][0] && slot <= RANGES[i][1]) {
                return i;
            }
        }
        throw new IllegalStateException("slot " + slot);
    }

    /** kill -9 of master {@code index}; its replica takes over once the others see it failed (node timeout). */
    void killMaster(int index) {
        RedisProcess.kill9(ports.get(index));
    }

    /**
     * Starts the killed master {@code index} again on its port and directory (its nodes.conf keeps its identity, not
     * its data): the cluster makes it a replica of the master promoted in its place, as a replaced node rejoins a
     * managed cluster. Waits until its replication link is up and its new master counts it online, so the slot has a
     * replica again (for WAIT too).
     */
    void restartAsReplica(int index) throws InterruptedException {
        int port = ports.get(index);
        startNode(port, 1000);
        await(() -> {
            try (Node node = new Node(port)) {
                String info = node.sync().info("replication");
                return info.contains("role:slave") && info.contains("master_link_status:up");
            }
        }, "the restarted master did not become a replica of its successor");
        await(() -> countsItsReplicaOnline(replicas.get(index)), "the promoted master does not count its new replica online");
    }

    int masterPort(int index) {
        return ports.get(index);
    }

    /** Sends {@code signal} (STOP, CONT) to the replica of master {@code index}. */
    void signalReplica(int index, String signal) {
        RedisProcess.signal(RedisProcess.of(replicas.get(index)), signal);
    }

    /**
     * Drops master {@code index}'s replication links (CLIENT KILL TYPE replica): until its replica reconnects (within
     * about a second, or never while it is stopped) the master's writes are on the master alone, not even in a socket.
     */
    void dropReplicaLinks(int index) {
        try (Node node = new Node(ports.get(index))) {
            node.sync().clientKill(io.lettuce.core.KillArgs.Builder.typeSlave());
        }
    }

    /** Waits until the replica of master {@code index} is a master and sees the cluster whole again. */
    void awaitPromotion(int index) throws InterruptedException {
        int port = replicas.get(index);
        await(() -> {
            try (Node node = new Node(port)) {
                return node.sync().info("replication").contains("role:master")
                    && node.sync().clusterInfo().contains("cluster_state:ok");
            }
        }, "replica was not promoted");
    }

    /** A node that is up: after a failover the seed may be the dead master. */
    String seedUri(int avoidIndex) {
        return "redis://127.0.0.1:" + (avoidIndex == 0 ? ports.get(1) : ports.get(0));
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
