package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built (jar-slim) jars in cluster mode ({@code SAFETY_REDIS_CLUSTER=true}, ElastiCache's cluster-mode shape)
 * against a real three-master Redis Cluster made from embedded-redis's redis-server as shared/budget's tests make it
 * (slots split in three with CLUSTER ADDSLOTSRANGE, joined with CLUSTER MEET). Lettuce's cluster client (topology
 * refresh, slot routing, redirections) is a path the runner's single embedded Redis never takes.
 */
class RedisClusterSlimJarIT {

    private static final int[][] SLOTS = {{0, 5460}, {5461, 10922}, {10923, 16383}};

    static Path dir;
    static final List<RedisServer> nodes = new ArrayList<>();
    static final List<Integer> ports = new ArrayList<>();
    static SlimJarFunctions functions;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("redis-cluster-it");
        for (int i = 0; i < 3; i++) {
            int port = RedisTlsSlimJarIT.freePort();
            RedisServer node = RedisServer.builder()
                .port(port)
                .bind("127.0.0.1")
                .setting("cluster-enabled yes")
                .setting("cluster-config-file nodes-" + port + ".conf")
                .setting("cluster-node-timeout 5000")
                .setting("dir " + dir)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
            node.start();
            nodes.add(node);
            ports.add(port);
        }
        for (int i = 0; i < 3; i++) {
            try (RespConnection node = new RespConnection(ports.get(i))) {
                assertEquals("OK", node.call("CLUSTER", "ADDSLOTSRANGE", String.valueOf(SLOTS[i][0]), String.valueOf(SLOTS[i][1])));
                if (i > 0) {
                    assertEquals("OK", node.call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(ports.get(0))));
                }
            }
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!converged()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the cluster did not converge");
            }
            Thread.sleep(100);
        }
        functions = new SlimJarFunctions(Map.of(
            "REDIS_URI", "redis://127.0.0.1:" + ports.get(0),
            "SAFETY_REDIS_CLUSTER", "true"));
    }

    private static boolean converged() throws IOException {
        for (int port : ports) {
            try (RespConnection node = new RespConnection(port)) {
                String info = node.call("CLUSTER", "INFO");
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")) {
                    return false;
                }
            }
        }
        return true;
    }

    @AfterAll
    static void stop() throws IOException {
        if (functions != null) {
            functions.close();
        }
        nodes.forEach(RedisServer::stop);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void budgetsOnEveryMasterAreWrittenAndReadBack() throws Exception {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String run = "cluster-" + i + "-" + UUID.randomUUID();
            runs.add(run);
            ApiResponse created = functions.api("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"3.00\"}");
            assertEquals(201, created.status(), SlimJarFunctions.text(created));
            ApiResponse spent = functions.api("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"0.50\"}");
            assertEquals(200, spent.status(), SlimJarFunctions.text(spent));
        }
        for (String run : runs) {
            ApiResponse status = functions.api("GET", "/api/v1/safety/budget/" + run, null);
            assertEquals(200, status.status(), SlimJarFunctions.text(status));
            JsonNode budget = SlimJarFunctions.json(status);
            assertEquals(0, budget.get("spent").decimalValue().compareTo(new BigDecimal("0.50")));
        }
        int mastersWithKeys = 0;
        for (int port : ports) {
            try (RespConnection node = new RespConnection(port)) {
                if (Long.parseLong(node.call("DBSIZE")) > 0) {
                    mastersWithKeys++;
                }
            }
        }
        assertTrue(mastersWithKeys >= 2, "eight runs' keys spread over the masters, so the client routed by slot");
    }

    @Test
    void policyCheckAuditsToTheClusterAndAuditQueryReadsIt() throws Exception {
        ApiResponse checked = functions.api("POST", "/api/v1/safety/check",
            "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"rm -rf ./build\"},\"run_id\":\"cluster-audit\"}");
        assertEquals(200, checked.status(), SlimJarFunctions.text(checked));
        String decision = SlimJarFunctions.json(checked).get("decision_id").asText();
        ApiResponse audit = functions.api("GET", "/api/v1/safety/audit?limit=50", null);
        assertEquals(200, audit.status(), SlimJarFunctions.text(audit));
        assertTrue(SlimJarFunctions.text(audit).contains(decision), "the decision's audit entry, read back from the cluster");
    }
}
