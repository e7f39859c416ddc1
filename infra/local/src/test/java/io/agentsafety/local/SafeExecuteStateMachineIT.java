package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.local.states.Execution;
import io.agentsafety.local.states.LocalStateMachines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * infra/statemachine/safe-execute.asl.json run by the local runner from the real template against the real function
 * jars, embedded Redis and the local bubblewrap backend: the happy path answers like {@code /sandbox/exec}, a deny
 * creates and reserves nothing, a failing command and a timed-out one stop the batch — and after every execution
 * the sandbox is gone from the backend's directory and nothing stays reserved in the run's budget.
 */
class SafeExecuteStateMachineIT {

    static final String MACHINE = "SafeExecuteStateMachine";
    static LocalRunner runner;
    static ApiServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        runner = LocalRunner.start(new LocalRunner.Settings(PolicyCheckApiIT.TEMPLATE, null, PolicyCheckApiIT.cleanShell(),
            new WorkerOptions(128, 1, Duration.ofSeconds(90))));
        server = ApiServer.start(runner, "127.0.0.1", 0, 8);
        http = new HttpTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (runner != null) {
            runner.close();
        }
    }

    private static String budget() throws Exception {
        String run = "sfn-" + UUID.randomUUID();
        HttpResponse<byte[]> created = http.send("POST", "/api/v1/safety/budget/create",
            ("{\"run_id\":\"" + run + "\",\"limit\":\"1.00\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(201, created.statusCode());
        return run;
    }

    private static JsonNode status(String run) throws Exception {
        return HttpTestClient.json(http.get("/api/v1/safety/budget/" + run));
    }

    private static Execution.Result execute(String input) throws Exception {
        LocalStateMachines.Started started = runner.stateMachines().start(MACHINE, null, HttpTestClient.JSON.readTree(input));
        return runner.stateMachines().await(started, Duration.ofSeconds(120));
    }

    /** Cleanup ran: the sandbox's directory is gone and the reservation is settled. */
    private static void assertCleanedUp(String run, String sandboxId) throws Exception {
        if (sandboxId != null) {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "agent-safety-sandboxes", sandboxId);
            assertFalse(Files.exists(dir), "sandbox " + sandboxId + " was removed");
        }
        assertEquals(0, status(run).get("reserved").decimalValue().signum(), "nothing stays reserved");
    }

    @Test
    void happyPathAnswersLikeSandboxExec() throws Exception {
        String run = budget();
        Execution.Result result = execute("{\"run_id\":\"" + run + "\",\"commands\":[\"echo one > f\",\"cat f; echo $TOKEN\"],"
            + "\"env\":{\"TOKEN\":\"tok-Zq8Wv2Lk5Rt7Yp1Nm4\"}}");
        assertTrue(result.succeeded(), String.valueOf(result));
        JsonNode answer = result.output();
        assertEquals("local", answer.get("backend").asText());
        assertEquals(2, answer.get("results").size());
        assertEquals("one\n[REDACTED:env_secret]\n", answer.get("results").get(1).get("stdout").asText());
        assertFalse(answer.toString().contains("tok-Zq8Wv2Lk5Rt7Yp1Nm4"));
        assertFalse(answer.get("stopped").asBoolean());
        assertEquals(2, answer.get("decision_ids").size());
        JsonNode budget = status(run);
        assertEquals(0, budget.get("spent").decimalValue().compareTo(answer.get("cost").decimalValue()));
        assertEquals(0, budget.get("remaining").decimalValue().compareTo(answer.get("budget_remaining").decimalValue()));
        assertEquals("USD", answer.get("currency").asText());
        assertCleanedUp(run, answer.get("sandbox_id").asText());
    }

    @Test
    void aDenyCreatesAndReservesNothing() throws Exception {
        String run = budget();
        Execution.Result result = execute("{\"run_id\":\"" + run + "\",\"commands\":[\"echo fine\",\"rm -rf / --no-preserve-root\"]}");
        assertEquals("FAILED", result.status());
        assertEquals("io.agentsafety.core.errors.PolicyDenied", result.error());
        JsonNode cause = HttpTestClient.JSON.readTree(result.cause());
        JsonNode problem = HttpTestClient.JSON.readTree(cause.get("errorMessage").asText());
        assertEquals("policy_denied", problem.get("code").asText());
        assertEquals(403, problem.get("status").asInt());
        JsonNode budget = status(run);
        assertEquals(0, budget.get("spent").decimalValue().signum());
        assertCleanedUp(run, null);
    }

    @Test
    void aFailingCommandStopsTheBatchAndCleansUp() throws Exception {
        String run = budget();
        Execution.Result result = execute("{\"run_id\":\"" + run + "\",\"commands\":[\"echo a\",\"exit 3\",\"echo never\"]}");
        assertTrue(result.succeeded(), String.valueOf(result));
        JsonNode answer = result.output();
        assertTrue(answer.get("stopped").asBoolean());
        assertEquals(2, answer.get("results").size());
        assertEquals(3, answer.get("results").get(1).get("exit_code").asInt());
        assertCleanedUp(run, answer.get("sandbox_id").asText());
    }

    @Test
    void aTimedOutCommandIsKilledAndCleanedUp() throws Exception {
        String run = budget();
        Execution.Result result = execute("{\"run_id\":\"" + run + "\",\"commands\":[\"sleep 30\",\"echo never\"],\"timeout_ms\":700}");
        assertTrue(result.succeeded(), String.valueOf(result));
        JsonNode answer = result.output();
        assertTrue(answer.get("results").get(0).get("timed_out").asBoolean());
        assertTrue(answer.get("stopped").asBoolean());
        assertCleanedUp(run, answer.get("sandbox_id").asText());
    }

    @Test
    void invalidInputFailsAsInvalidRequestNamingTheField() throws Exception {
        Execution.Result result = execute("{\"run_id\":\"r-1\",\"commands\":[\"true\"],\"timeout_ms\":-5}");
        assertEquals("io.agentsafety.core.errors.InvalidRequest", result.error());
        assertTrue(result.cause().contains("timeout_ms"), result.cause());
    }
}
