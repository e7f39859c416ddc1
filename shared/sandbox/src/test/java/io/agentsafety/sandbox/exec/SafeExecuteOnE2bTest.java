package io.agentsafety.sandbox.exec;

import io.agentsafety.sandbox.SandboxSweeper;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.StrictJson;
import io.agentsafety.sandbox.SandboxBackend;
import io.agentsafety.sandbox.SandboxInfo;
import io.agentsafety.sandbox.SandboxSpec;
import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.e2b.E2bStandIn;
import io.agentsafety.testing.e2b.Faults;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safe execute with the E2B backend against the E2B stand-in over real HTTP, on the real ledger (embedded Redis):
 * the backend is chosen by configuration as in production ({@code e2b.api-key} present). On every path — success,
 * non-zero exit, timeout, a failure after create — the stand-in must have received the kill
 * ({@code DELETE /sandboxes/{id}}) and the run's budget must have nothing left reserved.
 */
class SafeExecuteOnE2bTest {

    static E2bStandIn standIn;
    static ApplicationContext context;
    static SafeExecute safe;
    static BudgetApi budgets;
    static PackageEcosystems ecosystems;

    @BeforeAll
    static void start() {
        standIn = E2bStandIn.start();
        context = ApplicationContext.run(Map.of(
            "redis.uri", EmbeddedRedis.shared().uri(),
            "e2b.api-key", E2bStandIn.DEFAULT_API_KEY,
            "e2b.api-url", standIn.url(),
            "e2b.sandbox-url", standIn.url(),
            "e2b.request-timeout", "20s"));
        safe = context.getBean(SafeExecute.class);
        budgets = context.getBean(BudgetApi.class);
        ecosystems = context.getBean(PackageEcosystems.class);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        standIn.close();
    }

    @BeforeEach
    void reset() {
        standIn.faults().reset();
        standIn.clearCalls();
    }

    static String budget() {
        String runId = Ids.newId("run");
        budgets.create(("{\"run_id\":\"" + runId + "\",\"limit\":\"10.00\"}").getBytes(StandardCharsets.UTF_8));
        return runId;
    }

    static SandboxExecResponse execute(String json) {
        return safe.execute(SandboxExecRequest.from(StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8)), ecosystems), null);
    }

    @SuppressWarnings("unchecked")
    static BigDecimal money(String runId, String field) {
        return (BigDecimal) ((Map<String, Object>) budgets.status(runId).body()).get(field);
    }

    /** The one sandbox the request made was killed on the stand-in and the reservation settled. */
    static void assertKilledAndSettled(String runId) {
        List<String> created = standIn.calls(c -> c.is("POST", "/sandboxes") || c.is("POST", "/v2/sandboxes")).stream().map(c -> c.bodyText()).toList();
        assertEquals(1, created.size(), "one create");
        assertTrue(created.get(0).contains(runId), "tagged with the run");
        List<String> ids = standIn.calls(c -> c.method().equals("DELETE") && c.path().startsWith("/sandboxes/"))
            .stream().map(c -> c.path().substring("/sandboxes/".length())).toList();
        assertEquals(1, ids.size(), "the sandbox was killed: " + standIn.calls());
        assertFalse(standIn.exists(ids.get(0)));
        assertEquals(0, BigDecimal.ZERO.compareTo(money(runId, "reserved")), "no reservation left open");
    }

    @Test
    void theE2bBackendIsSelectedByConfiguration() {
        assertEquals("e2b", safe.backend().name());
        assertEquals("e2b", context.getBean(SandboxBackend.class).name());
    }

    @Test
    void happyPathAndNonZeroExit() {
        String runId = budget();
        SandboxExecResponse ok = execute("{\"run_id\":\"" + runId + "\",\"commands\":[\"echo hello\",\"exit 3\"],\"stop_on_error\":false}");
        assertEquals("e2b", ok.backend());
        assertEquals(0, ok.results().get(0).exitCode());
        assertEquals("hello\n", ok.results().get(0).stdout());
        assertEquals(3, ok.results().get(1).exitCode());
        assertTrue(ok.cost().signum() > 0);
        assertEquals(0, ok.cost().compareTo(money(runId, "spent")), "the measured cost is what was spent");
        assertKilledAndSettled(runId);
    }

    @Test
    void aTimedOutCommandIsAResultAndTheSandboxStillGoes() {
        String runId = budget();
        SandboxExecResponse answer = execute("{\"run_id\":\"" + runId + "\",\"command\":\"sleep 30\",\"timeout_ms\":800}");
        assertTrue(answer.results().get(0).timedOut());
        assertEquals(-1, answer.results().get(0).exitCode());
        assertKilledAndSettled(runId);
    }

    @Test
    void aRefusedUploadAfterCreateKillsAndSettles() {
        String runId = budget();
        standIn.faults().diskFull(true);
        String content = Base64.getEncoder().encodeToString("data".getBytes(StandardCharsets.UTF_8));
        ProblemException refused = assertThrows(ProblemException.class, () -> execute("{\"run_id\":\"" + runId
            + "\",\"command\":\"cat a.txt\",\"files\":[{\"path\":\"a.txt\",\"content_base64\":\"" + content + "\"}]}"));
        assertEquals(400, refused.status());
        assertKilledAndSettled(runId);
        assertTrue(money(runId, "spent").signum() > 0, "the seconds the sandbox lived are paid");
    }

    @Test
    void aSandboxKilledMidCommandIsA503AndStillKilledAndSettled() throws Exception {
        String runId = budget();
        CompletableFuture<SandboxExecResponse> running = CompletableFuture.supplyAsync(
            () -> execute("{\"run_id\":\"" + runId + "\",\"command\":\"sleep 20\",\"timeout_ms\":30000}"));
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (standIn.sandboxIds().isEmpty() || standIn.pids(standIn.sandboxIds().iterator().next()).isEmpty()) {
            assertTrue(System.nanoTime() < until, "the command started");
            Thread.sleep(20);
        }
        standIn.expire(standIn.sandboxIds().iterator().next());
        Exception failed = assertThrows(Exception.class, () -> running.get(20, java.util.concurrent.TimeUnit.SECONDS));
        ProblemException problem = (ProblemException) failed.getCause();
        assertEquals(503, problem.status());
        assertEquals("sandbox_gone", problem.problem().code());
        assertKilledAndSettled(runId);
    }

    @Test
    void aBrokenCommandStreamIsA503AndStillKilledAndSettled() {
        String runId = budget();
        standIn.faults().onCommand("echo cut", Faults.CommandFault.MISSING_END_STREAM);
        ProblemException problem = assertThrows(ProblemException.class,
            () -> execute("{\"run_id\":\"" + runId + "\",\"command\":\"echo cut\"}"));
        assertEquals(503, problem.status());
        assertKilledAndSettled(runId);
    }

    @Test
    void theSweeperKillsAnExpiredTaggedSandboxOnly() {
        SandboxBackend backend = context.getBean(SandboxBackend.class);
        Instant past = Instant.now().minusSeconds(60);
        Sandbox expired = backend.create(new SandboxSpec(null, Duration.ofMinutes(5), Map.of(),
            Map.of(SafeExecute.TAG, "1", "run_id", "run-sweep", "deadline", past.toString()), past, EgressPolicy.NONE));
        Sandbox current = backend.create(new SandboxSpec(null, Duration.ofMinutes(5), Map.of(),
            Map.of(SafeExecute.TAG, "1", "run_id", "run-sweep", "deadline", Instant.now().plusSeconds(300).toString()),
            Instant.now().plusSeconds(300), EgressPolicy.NONE));
        Sandbox foreign = backend.create(new SandboxSpec(null, Duration.ofMinutes(5), Map.of(),
            Map.of("deadline", past.toString()), past, EgressPolicy.NONE));
        try {
            SandboxSweeper.Report report = context.getBean(SandboxSweeper.class).sweep(Instant.now());
            assertEquals(List.of(expired.id()), report.killed());
            assertTrue(standIn.calls().stream().anyMatch(c -> c.is("DELETE", "/sandboxes/" + expired.id())));
            assertFalse(standIn.exists(expired.id()));
            assertTrue(standIn.exists(current.id()));
            assertTrue(standIn.exists(foreign.id()), "untagged sandboxes are never touched");
            assertTrue(backend.list(Map.of(SafeExecute.TAG, "1")).stream().map(SandboxInfo::sandboxId).noneMatch(expired.id()::equals));
        } finally {
            current.close();
            foreign.close();
        }
    }
}
