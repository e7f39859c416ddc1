package io.agentsafety.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's shared behaviour against a scripted loopback server: error mapping, retries, keys, signing. */
class TransportTest {

    private static final String STATUS = "{\"run_id\":\"r1\",\"limit\":10,\"spent\":\"0.25\",\"reserved\":0,\"remaining\":9.75,"
        + "\"currency\":\"USD\",\"exceeded\":false,\"circuit_open\":false,\"thresholds\":[0.5],\"thresholds_crossed\":[],"
        + "\"spend_count\":1,\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\","
        + "\"expires_at\":\"2026-01-08T00:00:00Z\",\"some_future_field\":1}";

    private ScriptedServer server;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SafetyClient client(RetryPolicy retry) {
        return SafetyClient.builder().baseUrl(server.url()).retry(retry).sleeper(sleeps::add).build();
    }

    @Test
    void retriesA503HonouringRetryAfterAndReusesTheIdempotencyKey() {
        server.then(new ScriptedServer.Reply(503, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"redis down\"}",
                Map.of("Retry-After", "1")))
            .then(ScriptedServer.Reply.json(200, STATUS));
        try (SafetyClient client = client(RetryPolicy.DEFAULT)) {
            BudgetStatus status = client.budget().spend("r1", new BigDecimal("0.25"));
            assertEquals(new BigDecimal("0.25"), status.spent());
        }
        assertEquals(2, server.received.size());
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps, "Retry-After is honoured");
        String first = key(server.received.get(0).body());
        assertNotNull(first);
        assertEquals(first, key(server.received.get(1).body()), "the retry resends the same idempotency key");
        assertTrue(server.received.get(0).body().contains("\"amount\":\"0.25\""), "exact decimal string on the wire");
    }

    @Test
    void eachLogicalSpendHasItsOwnKey() {
        server.then(ScriptedServer.Reply.json(200, STATUS));
        try (SafetyClient client = client(RetryPolicy.DEFAULT)) {
            client.budget().spend("r1", BigDecimal.ONE);
            client.budget().spend("r1", BigDecimal.ONE);
        }
        assertFalse(key(server.received.get(0).body()).equals(key(server.received.get(1).body())));
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastProblem() {
        server.then(ScriptedServer.Reply.problem(503, "{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"redis down\"}"));
        try (SafetyClient client = client(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400)))) {
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> client.policy().checkExecuteCode("ls", CheckOptions.NONE));
            assertEquals(503, e.status());
            assertEquals("redis down", e.detail());
        }
        assertEquals(3, server.received.size());
        assertEquals(2, sleeps.size());
        sleeps.forEach(d -> assertTrue(d.toMillis() >= 0 && d.toMillis() <= 400, "jittered within the cap: " + d));
    }

    @Test
    void neverRetriesNonIdempotentCalls() {
        server.then(ScriptedServer.Reply.problem(503, "{\"title\":\"Service Unavailable\",\"status\":503}"));
        try (SafetyClient client = client(RetryPolicy.DEFAULT)) {
            assertThrows(ServiceUnavailableException.class, () -> client.budget().commit("res_x", BigDecimal.ONE));
            assertThrows(ServiceUnavailableException.class, () -> client.sandbox().safeExecute("r1", "true", SandboxOptions.defaults()));
        }
        assertEquals(2, server.received.size());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void doesNotRetryClientErrors() {
        server.then(ScriptedServer.Reply.problem(400, "{\"type\":\"https://agent-safety.dev/problems/invalid-request\","
            + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"1 field is invalid\","
            + "\"errors\":[{\"field\":\"params.command\",\"message\":\"is required\"}]}"));
        try (SafetyClient client = client(RetryPolicy.DEFAULT)) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> client.policy().check("execute_code", Map.of()));
            assertEquals(400, e.status());
            assertEquals(List.of(new Problem.FieldError("params.command", "is required")), e.fieldErrors());
        }
        assertEquals(1, server.received.size());
    }

    @Test
    void mapsEachProblemToItsException() throws Exception {
        try (SafetyClient client = client(RetryPolicy.NONE)) {
            server.then(ScriptedServer.Reply.problem(404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no budget for this run_id\"}"));
            assertInstanceOf(NotFoundException.class, assertThrows(SafetyException.class, () -> client.budget().status("nope")));
        }
        server.close();
        try (ScriptedServer s = new ScriptedServer(); SafetyClient client = SafetyClient.builder().baseUrl(s.url()).retry(RetryPolicy.NONE).build()) {
            s.then(ScriptedServer.Reply.problem(402, "{\"type\":\"https://agent-safety.dev/problems/insufficient_budget\","
                + "\"title\":\"Payment Required\",\"status\":402,\"detail\":\"does not fit\",\"budget\":" + STATUS + "}"));
            BudgetExceededException e = assertThrows(BudgetExceededException.class,
                () -> client.budget().spendWithEnforcement("r1", BigDecimal.TEN));
            assertEquals("insufficient_budget", e.reason());
            assertEquals("9.75", String.valueOf(e.budgetStatus().get("remaining")));
        }
        try (ScriptedServer s = new ScriptedServer(); SafetyClient client = SafetyClient.builder().baseUrl(s.url()).retry(RetryPolicy.NONE).build()) {
            s.then(ScriptedServer.Reply.problem(409, "{\"title\":\"Conflict\",\"status\":409}"));
            assertInstanceOf(ConflictException.class, assertThrows(SafetyException.class,
                () -> client.budget().create("r1", BigDecimal.ONE)));
        }
    }

    @Test
    void sandboxRefusalsCarryTheDecision() throws Exception {
        try (ScriptedServer s = new ScriptedServer(); SafetyClient client = SafetyClient.builder().baseUrl(s.url()).build()) {
            s.then(ScriptedServer.Reply.problem(403, "{\"title\":\"Denied by policy\",\"status\":403,\"detail\":\"x\","
                + "\"decisions\":[{\"decision_id\":\"dec_1\",\"action_type\":\"execute_code\",\"allowed\":false,"
                + "\"requires_approval\":false,\"verdict\":\"deny\",\"risk_level\":\"critical\",\"reason\":\"deletes /\","
                + "\"matched_rules\":[{\"id\":\"fs.delete_root\"}]}]}"));
            PolicyDeniedException denied = assertThrows(PolicyDeniedException.class,
                () -> client.sandbox().safeExecute("r1", "rm -rf /", SandboxOptions.defaults()));
            assertEquals("dec_1", denied.decision().decisionId());
            assertEquals("fs.delete_root", denied.decision().matchedRules().get(0).id());
        }
        try (ScriptedServer s = new ScriptedServer(); SafetyClient client = SafetyClient.builder().baseUrl(s.url()).build()) {
            s.then(ScriptedServer.Reply.problem(403, "{\"title\":\"Approval required\",\"status\":403,"
                + "\"decision\":{\"decision_id\":\"dec_2\",\"allowed\":false,\"requires_approval\":true,"
                + "\"verdict\":\"require_approval\",\"approval_id\":\"apr_1\"}}"));
            ApprovalRequiredException approval = assertThrows(ApprovalRequiredException.class,
                () -> client.sandbox().safeExecute("r1", "curl x | sh", SandboxOptions.defaults()));
            assertEquals("apr_1", approval.approvalId());
        }
    }

    @Test
    void noConnectionIsRetriedThenUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (SafetyClient client = SafetyClient.builder().baseUrl("http://127.0.0.1:" + port)
            .retry(new RetryPolicy(2, Duration.ZERO, Duration.ZERO)).sleeper(sleeps::add).build()) {
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> client.redact().redact("hello"));
            assertEquals(0, e.status());
        }
        assertEquals(1, sleeps.size());
    }

    @Test
    void baseUrlGetsTheApiPrefixOnce() {
        assertEquals("http://h:1/api/v1/safety", SafetyClient.Builder.apiBase("http://h:1/").toString());
        assertEquals("https://h/prod/api/v1/safety", SafetyClient.Builder.apiBase("https://h/prod/api/v1/safety/").toString());
        assertThrows(IllegalArgumentException.class, () -> SafetyClient.Builder.apiBase("file:///etc/passwd"));
    }

    private static String key(String body) {
        Matcher m = Pattern.compile("\"idempotency_key\":\"([^\"]+)\"").matcher(body);
        return m.find() ? m.group(1) : null;
    }
}
