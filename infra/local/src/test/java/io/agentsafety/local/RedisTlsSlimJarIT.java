package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built (jar-slim) jars on the template's production Redis shape: {@code REDIS_URI=rediss://host:port} with the
 * AUTH password set apart ({@code REDIS_PASSWORD}, what {@code REDIS_AUTH_SECRET_ARN} resolves to), against a real
 * redis-server that accepts TLS only (plain port off) and requires the password. The client trusts the test's
 * self-signed certificate through the JVM's trust-store options and still verifies it: the same jar without them
 * cannot reach Redis. Lettuce's TLS path (Netty's SslHandler, the JDK provider) is one the runner's plain embedded
 * Redis never takes, so a class jar-slim wrongly left out there fails here.
 */
class RedisTlsSlimJarIT {

    private static final String PASSWORD = "tls-it-" + UUID.randomUUID();

    static Path dir;
    static RedisServer redis;
    static int port;
    static SlimJarFunctions functions;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("redis-tls-it");
        SelfSignedTls tls = SelfSignedTls.create(dir);
        port = freePort();
        redis = RedisServer.builder()
            .port(0) // no plain-text listener: every client must speak TLS
            .tlsPort(port)
            .bind("127.0.0.1")
            .setting("tls-cert-file " + tls.certificate())
            .setting("tls-key-file " + tls.key())
            .setting("tls-ca-cert-file " + tls.certificate())
            .setting("tls-auth-clients no")
            .setting("requirepass " + PASSWORD)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
        redis.start();
        functions = new SlimJarFunctions(Map.of(
            "REDIS_URI", "rediss://localhost:" + port,
            "REDIS_PASSWORD", PASSWORD,
            "JAVA_TOOL_OPTIONS", tls.clientJvmOptions()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (functions != null) {
            functions.close();
        }
        if (redis != null) {
            redis.stop();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theServerTakesNoPlainTextClient() {
        // the TLS port answers a plain-text PING with nothing usable: the functions below can only have used TLS
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(3000);
                socket.getOutputStream().write("PING\r\n".getBytes());
                int first = socket.getInputStream().read();
                if (first != '+') {
                    throw new IOException("no plain-text answer (" + first + ")");
                }
            }
        });
    }

    @Test
    void budgetFunctionsWriteAndReadOverTls() throws Exception {
        String run = "tls-" + UUID.randomUUID();
        ApiResponse created = functions.api("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"5.00\"}");
        assertEquals(201, created.status(), SlimJarFunctions.text(created));
        ApiResponse spent = functions.api("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"1.25\"}");
        assertEquals(200, spent.status(), SlimJarFunctions.text(spent));
        ApiResponse status = functions.api("GET", "/api/v1/safety/budget/" + run, null);
        assertEquals(200, status.status(), SlimJarFunctions.text(status));
        JsonNode budget = SlimJarFunctions.json(status);
        assertEquals(0, budget.get("limit").decimalValue().compareTo(new java.math.BigDecimal("5.00")));
        assertEquals(0, budget.get("spent").decimalValue().compareTo(new java.math.BigDecimal("1.25")));
    }

    @Test
    void policyCheckAuditsOverTlsAndAuditQueryReadsIt() throws Exception {
        ApiResponse checked = functions.api("POST", "/api/v1/safety/check",
            "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"rm -rf ./build\"},\"run_id\":\"tls-audit\"}");
        assertEquals(200, checked.status(), SlimJarFunctions.text(checked));
        String decision = SlimJarFunctions.json(checked).get("decision_id").asText();
        assertTrue(decision.startsWith("dec_"));
        ApiResponse audit = functions.api("GET", "/api/v1/safety/audit?limit=50", null);
        assertEquals(200, audit.status(), SlimJarFunctions.text(audit));
        assertTrue(SlimJarFunctions.text(audit).contains(decision), "the decision's audit entry, read back over TLS");
    }

    @Test
    void withoutTrustingTheCertificateTheSameJarCannotConnect() throws Exception {
        try (SlimJarFunctions untrusting = new SlimJarFunctions(Map.of(
            "REDIS_URI", "rediss://localhost:" + port, "REDIS_PASSWORD", PASSWORD))) {
            ApiResponse status = untrusting.api("GET", "/api/v1/safety/budget/no-such-run", null);
            assertEquals(503, status.status(), SlimJarFunctions.text(status));
            assertFalse(SlimJarFunctions.text(status).contains(PASSWORD));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
