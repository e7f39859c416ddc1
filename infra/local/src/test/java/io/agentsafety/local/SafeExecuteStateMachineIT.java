package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.local.states.Execution;
import io.agentsafety.local.states.LocalStateMachines;
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
 * the sandbox is gone from the backend's directory and nothing stays reserved in the run's budget. A command that
 * needs a human pauses the execution on an approval request carrying its task token; approving it through the
 * approvals route resumes it (SendTaskSuccess through the runner's Step Functions endpoint) and Create uses the
 * approval; denying it fails the execution before anything is created or reserved.
 */
class SafeExecuteStateMachineIT {

    static final String MACHINE = "SafeExecuteStateMachine";
    static LocalRunner runner;
    static ApiServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        runner = SharedLocalRunner.runner();
        server = SharedLocalRunner.server();
        http = new HttpTestClient(server.port());
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

    /** sys.user_delete needs a human (default policy); harmless in the sandbox, and the line exits 0 */
    static final String NEEDS_APPROVAL = "groupdel staff 2>/dev/null; echo removed";

    private static String withApproval(String run) {
        return "{\"run_id\":\"" + run + "\",\"actor\":\"agent-7\",\"commands\":[\"echo before\",\"" + NEEDS_APPROVAL + "\"]}";
    }

    /** The pending approval the paused execution created, once its task has carried the token to the gate. */
    private static JsonNode pendingApproval(String run, LocalStateMachines.Started started) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode page = HttpTestClient.json(http.get("/api/v1/safety/approvals?run_id=" + run + "&status=pending"));
            if (page.get("approvals").size() > 0) {
                return page.get("approvals").get(0);
            }
            assertFalse(started.result().isDone(), "the execution waits: " + (started.result().isDone() ? started.result().get() : ""));
            Thread.sleep(100);
        }
        throw new AssertionError("no approval was requested for " + run);
    }

    private static HttpResponse<byte[]> verdict(String id, String verb, String approver) throws Exception {
        return http.send("POST", "/api/v1/safety/approvals/" + id + "/" + verb,
            ("{\"approver\":\"" + approver + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    /** No sandbox of this run exists in the local backend's directory (its state file names the run). */
    private static void assertNoSandboxOf(String run) throws Exception {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "agent-safety-sandboxes");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path state = dir.resolve("state.properties");
                if (Files.isRegularFile(state)) {
                    assertFalse(Files.readString(state).contains(run), "a sandbox of " + run + " exists: " + dir);
                }
            }
        }
    }

    @Test
    void anApprovalThatIsGrantedResumesTheExecutionAndIsUsed() throws Exception {
        String run = budget();
        LocalStateMachines.Started started = runner.stateMachines().start(MACHINE, null, HttpTestClient.JSON.readTree(withApproval(run)));
        JsonNode pending = pendingApproval(run, started);
        String id = pending.get("approval_id").asText();
        assertTrue(pending.get("has_task_token").asBoolean(), "the request carries the execution's task token");
        assertEquals("agent-7", pending.get("actor").asText());
        assertTrue(pending.get("action").toString().contains("groupdel staff"), pending.toString());
        assertFalse(started.result().isDone(), "paused while the human decides");
        assertTrue(started.execution().history().contains("AwaitApproval"), String.valueOf(started.execution().history()));
        assertFalse(started.execution().history().contains("Create"), "nothing created before the approval");
        assertEquals(0, status(run).get("reserved").decimalValue().signum(), "nothing reserved before the approval");

        assertEquals(403, verdict(id, "approve", "Agent-7").statusCode(), "the requester cannot approve");
        HttpResponse<byte[]> approved = verdict(id, "approve", "alice");
        assertEquals(200, approved.statusCode(), new String(approved.body(), StandardCharsets.UTF_8));
        assertEquals("sent", HttpTestClient.json(approved).get("task_callback").asText(), "SendTaskSuccess reached the runner");

        Execution.Result result = runner.stateMachines().await(started, Duration.ofSeconds(120));
        assertTrue(result.succeeded(), String.valueOf(result));
        JsonNode answer = result.output();
        assertEquals(2, answer.get("results").size());
        assertEquals("removed\n", answer.get("results").get(1).get("stdout").asText());
        JsonNode used = HttpTestClient.json(http.get("/api/v1/safety/approvals/" + id));
        assertEquals("used", used.get("status").asText(), "Create used the approval");
        assertCleanedUp(run, answer.get("sandbox_id").asText());
    }

    @Test
    void aDeniedApprovalFailsTheExecutionWithNothingCreatedOrReserved() throws Exception {
        String run = budget();
        LocalStateMachines.Started started = runner.stateMachines().start(MACHINE, null, HttpTestClient.JSON.readTree(withApproval(run)));
        String id = pendingApproval(run, started).get("approval_id").asText();
        HttpResponse<byte[]> denied = verdict(id, "deny", "alice");
        assertEquals(200, denied.statusCode(), new String(denied.body(), StandardCharsets.UTF_8));
        assertEquals("sent", HttpTestClient.json(denied).get("task_callback").asText());

        Execution.Result result = runner.stateMachines().await(started, Duration.ofSeconds(60));
        assertEquals("FAILED", result.status());
        assertEquals("ApprovalDenied", result.error());
        assertFalse(started.execution().history().contains("Create"), String.valueOf(started.execution().history()));
        JsonNode budget = status(run);
        assertEquals(0, budget.get("spent").decimalValue().signum());
        assertCleanedUp(run, null);
        assertNoSandboxOf(run);
    }

    @Test
    void invalidInputFailsAsInvalidRequestNamingTheField() throws Exception {
        Execution.Result result = execute("{\"run_id\":\"r-1\",\"commands\":[\"true\"],\"timeout_ms\":-5}");
        assertEquals("io.agentsafety.core.errors.InvalidRequest", result.error());
        assertTrue(result.cause().contains("timeout_ms"), result.cause());
    }
}
