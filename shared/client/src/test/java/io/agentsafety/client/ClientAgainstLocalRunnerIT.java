package io.agentsafety.client;

import io.agentsafety.client.micronaut.SafetyApi;
import io.agentsafety.client.micronaut.SafetyApiErrors;
import io.agentsafety.local.ApiServer;
import io.agentsafety.local.LocalRunner;
import io.agentsafety.local.WorkerOptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every client method against the real API: the local runner serving infra/template.yaml from each function's own
 * jar over real HTTP, with the embedded Redis the runner starts (paused with SIGSTOP to make it unavailable).
 */
class ClientAgainstLocalRunnerIT {

    static final Path TEMPLATE = Path.of("..", "..", "infra", "template.yaml").toAbsolutePath().normalize();
    static LocalRunner runner;
    static ApiServer server;
    static SafetyClient client;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.exists(TEMPLATE), TEMPLATE.toString());
        Map<String, String> shell = new HashMap<>();
        shell.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        runner = LocalRunner.start(new LocalRunner.Settings(TEMPLATE, null, shell, new WorkerOptions(128, 1, Duration.ofSeconds(90))));
        server = ApiServer.start(runner, "127.0.0.1", 0, 8);
        client = SafetyClient.builder().baseUrl("http://127.0.0.1:" + server.port()).readTimeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (runner != null) {
            runner.close();
        }
    }

    private static String run() {
        return "cli-it-" + UUID.randomUUID();
    }

    @Test
    void policyVerdictsAndEnforcement() {
        PolicyClient policy = client.policy();
        Decision allowed = policy.checkAndEnforce("execute_code", Map.of("command", "ls -la"));
        assertTrue(allowed.allowed());
        assertEquals("allow", allowed.verdict());
        assertNotNull(allowed.decisionId());

        PolicyDeniedException denied = assertThrows(PolicyDeniedException.class,
            () -> policy.checkAndEnforce("execute_code", Map.of("command", "sudo rm -rf / --no-preserve-root")));
        assertEquals("deny", denied.decision().verdict());
        assertFalse(denied.decision().matchedRules().isEmpty());

        ApprovalRequiredException approval = assertThrows(ApprovalRequiredException.class,
            () -> policy.checkAndEnforce("deploy", Map.of("environment", "production", "target", "billing-api")));
        assertEquals("require_approval", approval.decision().verdict());

        assertEquals("deny", policy.checkNetworkAccess("http://169.254.169.254/latest/meta-data", CheckOptions.NONE).verdict());
        assertEquals("deny", policy.checkDeleteFiles(List.of("/etc/passwd"), CheckOptions.NONE).verdict());
        assertTrue(policy.checkDeleteFiles(List.of("./build"), CheckOptions.NONE).allowed());
        assertTrue(policy.checkDeploy("staging", "api", CheckOptions.run(run()).withActor("agent-7")).allowed());
        assertTrue(policy.checkBilling(new BigDecimal("12.50"), "USD", "cus_1", CheckOptions.NONE).allowed());
        assertTrue(policy.checkExecuteCode("git status", CheckOptions.NONE).allowed());

        InvalidRequestException invalid = assertThrows(InvalidRequestException.class,
            () -> policy.check("teleport", Map.of("command", "x")));
        assertEquals("action_type", invalid.fieldErrors().get(0).field());
    }

    @Test
    void budgetLifecycle() {
        BudgetClient budget = client.budget();
        String run = run();
        BudgetStatus created = budget.create(run, new BigDecimal("1.00"), "USD", List.of(new BigDecimal("0.5")), Map.of("team", "payments"));
        assertEquals(0, created.limit().compareTo(BigDecimal.ONE));
        assertEquals("payments", created.metadata().get("team"));

        BudgetStatus spent = budget.spend(run, new BigDecimal("0.10"));
        assertEquals(0, spent.spent().compareTo(new BigDecimal("0.10")));
        // a retry of the same logical spend (its answer lost) replays: charged once
        BudgetStatus once = budget.spend(run, new BigDecimal("0.20"), "step-7", false);
        BudgetStatus again = budget.spend(run, new BigDecimal("0.20"), "step-7", false);
        assertFalse(once.replayed());
        assertTrue(again.replayed());
        assertEquals(0, budget.status(run).spent().compareTo(new BigDecimal("0.30")));

        CanSpend can = budget.canSpend(run, new BigDecimal("0.5"));
        assertTrue(can.allowed());
        assertFalse(budget.canSpend(run, new BigDecimal("5")).allowed());

        BudgetExceededException refused = assertThrows(BudgetExceededException.class,
            () -> budget.spendWithEnforcement(run, new BigDecimal("5")));
        assertEquals(402, refused.status());
        assertEquals(0, budget.status(run).spent().compareTo(new BigDecimal("0.30")), "a refused spend records nothing");

        BudgetStatus reserved = budget.reserve(run, new BigDecimal("0.40"), 300);
        assertNotNull(reserved.reservationId());
        BudgetStatus committed = budget.commit(reserved.reservationId(), new BigDecimal("0.25"));
        assertEquals(0, committed.spent().compareTo(new BigDecimal("0.55")));
        assertEquals(0, committed.reserved().signum());
        BudgetStatus other = budget.reserve(run, new BigDecimal("0.10"), null);
        assertEquals(0, budget.release(other.reservationId()).reserved().signum());

        BudgetStatus raised = budget.update(run, new BigDecimal("2"), null);
        assertEquals(0, raised.limit().compareTo(new BigDecimal("2")));
        assertTrue(budget.update(run, null, true).circuitOpen());
        BudgetExceededException open = assertThrows(BudgetExceededException.class,
            () -> budget.spendWithEnforcement(run, new BigDecimal("0.01")));
        assertEquals(402, open.status());
        budget.update(run, null, false);

        budget.delete(run);
        assertThrows(NotFoundException.class, () -> budget.status(run));
    }

    @Test
    void redactionRemoteAndLocalAgree() {
        String text = "export GITHUB_TOKEN=ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" + " and password=hunter2hunter2";
        RedactOptions options = new RedactOptions(List.of("s3cr3t-value-42"), Map.of());
        RedactResult remote = client.redact().redact(text + " s3cr3t-value-42", options);
        RedactResult local = LocalRedactor.create().redact(text + " s3cr3t-value-42", options);
        assertFalse(remote.redacted().contains("ghp_"));
        assertFalse(remote.redacted().contains("s3cr3t-value-42"));
        assertEquals(remote.redacted(), local.redacted());
        assertEquals(remote.count(), local.count());
    }

    @Test
    void sandboxRunsRedactsChargesAndRefuses() {
        String run = run();
        client.budget().create(run, BigDecimal.TEN);
        String secret = "s3cr3t-t0ken-value-9Zq";
        SandboxResult ok = client.sandbox().safeExecuteBatch(run, List.of("echo hi", "printf %s \"$TOKEN\""),
            SandboxOptions.defaults().env("TOKEN", secret).timeout(Duration.ofSeconds(20)));
        assertEquals(2, ok.results().size());
        assertEquals("hi\n", ok.results().get(0).stdout());
        assertTrue(ok.results().get(1).succeeded());
        assertFalse(ok.results().get(1).stdout().contains(secret), ok.results().get(1).stdout());
        assertTrue(ok.results().get(1).stdout().contains("REDACTED"), ok.results().get(1).stdout());
        assertEquals(2, ok.decisionIds().size());
        assertTrue(ok.cost().signum() > 0);
        assertEquals(0, BigDecimal.TEN.subtract(ok.cost()).compareTo(ok.budgetRemaining()));

        PolicyDeniedException denied = assertThrows(PolicyDeniedException.class,
            () -> client.sandbox().safeExecute(run, "rm -rf ~", SandboxOptions.defaults()));
        assertEquals("deny", denied.decision().verdict());
        BudgetStatus after = client.budget().status(run);
        assertEquals(0, after.spent().compareTo(ok.cost()), "a refused command costs nothing");
        assertEquals(0, after.reserved().signum(), "and leaves no reservation");
    }

    @Test
    void approvalGrantedThroughTheDeclarativeApiAllowsThatActionOnce() {
        Map<String, Object> config = Map.of("safety.client.url", "http://127.0.0.1:" + server.port(),
            "micronaut.http.client.read-timeout", "60s");
        try (ApplicationContext context = ApplicationContext.run(config)) {
            SafetyApi api = context.getBean(SafetyApi.class);
            String run = run();
            Map<String, Object> deploy = Map.of("environment", "production", "target", "billing-api");
            CheckOptions asAgent = CheckOptions.run(run).withActor("agent-7");
            ApprovalRequiredException needed = assertThrows(ApprovalRequiredException.class,
                () -> client.policy().checkAndEnforce("deploy", deploy, asAgent));
            String approvalId = needed.approvalId();
            assertNotNull(approvalId);
            assertEquals("pending", api.approval(approvalId).orElseThrow().get("status"));

            Map<String, Object> approved = api.approve(approvalId, Map.of("approver", "alice", "comment", "change 42")).orElseThrow();
            assertEquals("approved", approved.get("result"));
            Decision allowed = client.policy().checkAndEnforce("deploy", deploy, asAgent.withApproval(approvalId));
            assertTrue(allowed.allowed());
            assertFalse(client.policy().check("deploy", deploy, asAgent.withApproval(approvalId)).allowed(),
                "an approval allows one re-check");
            assertFalse(client.policy().check("deploy", Map.of("environment", "production", "target", "other-api"),
                asAgent.withApproval(approvalId)).allowed(), "and only the exact action it was given for");
        }
    }

    @Test
    void declarativeApiAnswersTypedRecordsAndItsErrorsMapToTheTypedExceptions() {
        Map<String, Object> config = Map.of("safety.client.url", "http://127.0.0.1:" + server.port());
        try (ApplicationContext context = ApplicationContext.run(config)) {
            SafetyApi api = context.getBean(SafetyApi.class);
            Decision deny = api.check(Map.of("action_type", "execute_code", "params", Map.of("command", "sudo rm -rf /")));
            assertEquals("deny", deny.verdict());
            assertFalse(deny.matchedRules().isEmpty());

            HttpClientResponseException bad = assertThrows(HttpClientResponseException.class,
                () -> api.check(Map.of("action_type", "teleport", "params", Map.of())));
            InvalidRequestException invalid = assertInstanceOf(InvalidRequestException.class, SafetyApiErrors.typed(bad));
            assertEquals("action_type", invalid.fieldErrors().get(0).field());

            String run = run();
            assertEquals(0, api.createBudget(Map.of("run_id", run, "limit", "1.00")).limit().compareTo(BigDecimal.ONE));
            HttpClientResponseException refused = assertThrows(HttpClientResponseException.class,
                () -> api.spend(Map.of("run_id", run, "amount", "5", "enforce", true, "idempotency_key", "k-" + run)));
            BudgetExceededException exceeded = assertInstanceOf(BudgetExceededException.class, SafetyApiErrors.typed(refused));
            assertEquals(402, exceeded.status());
            assertEquals(0, api.budget(run).orElseThrow().spent().signum(), "a refused spend records nothing");

            assertTrue(api.budget("no-such-" + run).isEmpty(), "a 404 is an empty answer for an id-addressed route");
            assertTrue(api.approve("apr_" + "0".repeat(26), Map.of("approver", "alice")).isEmpty());

            RedactResult redacted = api.redact(Map.of("text", "password=hunter2hunter2 ok"));
            assertFalse(redacted.redacted().contains("hunter2hunter2"));
        }
    }

    @Test
    void retriesA503FromAPausedRedisWithoutChargingTwice() throws Exception {
        String run = run();
        client.budget().create(run, BigDecimal.TEN);
        client.budget().spend(run, BigDecimal.ONE); // the worker's Redis connection is established
        long pid = runner.redisPid();
        signal("STOP", pid);
        AtomicInteger waits = new AtomicInteger();
        try (SafetyClient retrying = SafetyClient.builder().baseUrl("http://127.0.0.1:" + server.port())
            .retry(new RetryPolicy(20, Duration.ofMillis(200), Duration.ofSeconds(1)))
            .sleeper(d -> {
                if (waits.incrementAndGet() == 1) {
                    signal("CONT", pid); // Redis answers again while the client waits
                }
                Thread.sleep(d.toMillis());
            }).build()) {
            // The first try times out in the function (503) with the spend already sent to the paused Redis, which
            // applies it on resume; the retry carries the same idempotency key, so it is answered as a replay.
            BudgetStatus status = retrying.budget().spend(run, new BigDecimal("0.5"));
            assertTrue(waits.get() >= 1, "the first try met the paused Redis");
            assertEquals(0, status.spent().compareTo(new BigDecimal("1.5")), "charged once: " + status.spent());
            assertEquals(0, client.budget().status(run).spent().compareTo(new BigDecimal("1.5")));
        } finally {
            signal("CONT", pid);
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            assertEquals(0, kill.waitFor());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
