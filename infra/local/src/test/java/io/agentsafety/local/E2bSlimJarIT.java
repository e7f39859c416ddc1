package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.testing.e2b.E2bStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built (jar-slim) sandbox jars with the E2B backend, chosen as in production by an API key being configured,
 * against shared/testing's E2B stand-in over real HTTP (control plane and envd on one port): sandbox-exec's route and
 * direct invoke, sandbox-health and sandbox-sweeper. The E2B client (Micronaut's HTTP client on Netty's HTTP codecs,
 * Connect streaming) is a path the runner's defaults (the local bubblewrap backend) never take.
 */
class E2bSlimJarIT {

    static E2bStandIn standIn;
    static RedisServer redis;
    static SlimJarFunctions functions;

    @BeforeAll
    static void start() throws Exception {
        standIn = E2bStandIn.start();
        int port = RedisTlsSlimJarIT.freePort();
        redis = RedisServer.builder().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
        redis.start();
        functions = new SlimJarFunctions(Map.of(
            "REDIS_URI", "redis://127.0.0.1:" + port,
            "E2B_API_KEY", E2bStandIn.DEFAULT_API_KEY,
            "E2B_API_URL", standIn.url(),
            "E2B_SANDBOX_URL", standIn.url()));
    }

    @AfterAll
    static void stop() {
        if (functions != null) {
            functions.close();
        }
        if (redis != null) {
            redis.stop();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    void safeExecuteRunsOnE2bAndKillsTheSandbox() throws Exception {
        String run = "e2b-" + UUID.randomUUID();
        assertEquals(201, functions.api("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"1.00\"}").status());
        ApiResponse response = functions.api("POST", "/api/v1/safety/sandbox/exec", "{\"run_id\":\"" + run + "\",\"commands\":"
            + "[\"echo hi from e2b\",\"printf '%s' \\\"$GREETING\\\" | wc -c\"],\"env\":{\"GREETING\":\"hi-there\"}}");
        assertEquals(200, response.status(), SlimJarFunctions.text(response));
        JsonNode answer = SlimJarFunctions.json(response);
        assertEquals("e2b", answer.get("backend").asText());
        assertEquals("hi from e2b\n", answer.get("results").get(0).get("stdout").asText());
        assertEquals("8\n", answer.get("results").get(1).get("stdout").asText());
        String sandbox = answer.get("sandbox_id").asText();
        assertTrue(standIn.calls().stream().anyMatch(c -> c.is("DELETE", "/sandboxes/" + sandbox)),
            "the sandbox was killed after the run: " + standIn.calls());
        JsonNode budget = SlimJarFunctions.json(functions.api("GET", "/api/v1/safety/budget/" + run, null));
        assertEquals(0, budget.get("reserved").decimalValue().signum());
    }

    @Test
    void theSampleDirectInvokeRunsOnE2b() throws Exception {
        functions.api("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"run-42\",\"limit\":\"1.00\"}");
        String event = Files.readString(PolicyCheckApiIT.TEMPLATE.getParent().resolve("events/sandbox-exec-direct.json"));
        Invocation exec = functions.invoke("SandboxExecDirectFunction", event);
        assertFalse(exec.functionError(), new String(exec.payload(), StandardCharsets.UTF_8));
        JsonNode answer = HttpTestClient.JSON.readTree(exec.payload());
        assertEquals("e2b", answer.get("backend").asText());
        assertEquals("hello from the sandbox\n", answer.get("results").get(0).get("stdout").asText());
        assertTrue(answer.get("results").get(2).get("stdout").asText().contains("notes"), "the file was uploaded through envd");
    }

    @Test
    void healthAndSweeperReachE2b() throws Exception {
        ApiResponse health = functions.api("GET", "/api/v1/safety/sandbox/health", null);
        assertEquals(200, health.status(), SlimJarFunctions.text(health));
        JsonNode body = SlimJarFunctions.json(health);
        assertEquals("e2b", body.get("backend").asText());
        assertTrue(body.get("reachable").asBoolean());

        long listsBefore = standIn.count("GET", "/v2/sandboxes");
        String event = Files.readString(PolicyCheckApiIT.TEMPLATE.getParent().resolve("events/sandbox-sweeper.json"));
        Invocation sweep = functions.invoke("SandboxSweeperFunction", event);
        assertFalse(sweep.functionError(), new String(sweep.payload(), StandardCharsets.UTF_8));
        JsonNode report = HttpTestClient.JSON.readTree(sweep.payload());
        assertEquals("e2b", report.get("backend").asText());
        assertTrue(standIn.count("GET", "/v2/sandboxes") > listsBefore, "the sweeper listed the sandboxes on E2B");
    }
}
