package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox functions of infra/template.yaml, served by the runner from their own jars over real HTTP with the
 * local (bubblewrap) backend out of the box: safe execute with the budget functions next to it, health, the
 * direct invoke and the sweeper with the sample events of infra/events.
 */
class SandboxApiIT {

    static LocalRunner runner;
    static ApiServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        runner = SharedLocalRunner.runner();
        server = SharedLocalRunner.server();
        http = new HttpTestClient(server.port());
    }

    private static HttpResponse<byte[]> post(String path, String json) throws Exception {
        return http.send("POST", path, json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    @Test
    void safeExecuteEndToEndWithTheBudgetFunctions() throws Exception {
        String run = "it-" + UUID.randomUUID();
        assertEquals(201, post("/api/v1/safety/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"1.00\"}").statusCode());
        HttpResponse<byte[]> response = post("/api/v1/safety/sandbox/exec", "{\"run_id\":\"" + run + "\",\"commands\":"
            + "[\"echo hi; cat /proc/1/cmdline | tr '\\\\0' ' '\",\"echo $API_KEY\"],\"env\":{\"API_KEY\":\"k-Zq8Wv2Lk5Rt7Yp1N\"}}");
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        JsonNode answer = HttpTestClient.json(response);
        assertEquals("local", answer.get("backend").asText());
        assertTrue(answer.get("results").get(0).get("stdout").asText().startsWith("hi\n"));
        assertTrue(answer.get("results").get(0).get("stdout").asText().contains("bwrap"), "pid 1 of the sandbox is bubblewrap's init");
        assertEquals("[REDACTED:env_secret]\n", answer.get("results").get(1).get("stdout").asText());
        JsonNode budget = HttpTestClient.json(http.get("/api/v1/safety/budget/" + run));
        assertEquals(0, budget.get("spent").decimalValue().compareTo(answer.get("cost").decimalValue()));
        assertEquals(0, budget.get("reserved").decimalValue().signum());

        HttpResponse<byte[]> denied = post("/api/v1/safety/sandbox/exec", "{\"run_id\":\"" + run + "\",\"command\":\"rm -rf ~\"}");
        assertEquals(403, denied.statusCode());
        assertEquals("application/problem+json", denied.headers().firstValue("content-type").orElse(""));
    }

    @Test
    void healthSaysIsolated() throws Exception {
        HttpResponse<byte[]> response = http.get("/api/v1/safety/sandbox/health");
        assertEquals(200, response.statusCode());
        JsonNode health = HttpTestClient.json(response);
        assertEquals("local", health.get("backend").asText());
        assertTrue(health.get("isolated").asBoolean());
    }

    @Test
    void theSampleEventsSucceedThroughInvoke() throws Exception {
        Path events = PolicyCheckApiIT.TEMPLATE.getParent().resolve("events");
        Invocation exec = runner.invoke("SandboxExecDirectFunction", Files.readAllBytes(events.resolve("sandbox-exec-direct.json")));
        assertFalse(exec.functionError(), new String(exec.payload(), StandardCharsets.UTF_8));
        JsonNode answer = HttpTestClient.JSON.readTree(exec.payload());
        assertEquals(3, answer.get("results").size());
        assertEquals("8\n", answer.get("results").get(1).get("stdout").asText());
        assertTrue(answer.get("results").get(2).get("stdout").asText().contains("notes"));

        Invocation sweep = runner.invoke("SandboxSweeperFunction", Files.readAllBytes(events.resolve("sandbox-sweeper.json")));
        assertFalse(sweep.functionError(), new String(sweep.payload(), StandardCharsets.UTF_8));
        JsonNode report = HttpTestClient.JSON.readTree(sweep.payload());
        assertEquals("local", report.get("backend").asText());
        assertTrue(report.get("killed").isArray());
    }
}
