package io.agentsafety.sandbox.exec;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.StrictJson;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.e2b.E2bStandIn;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox path under the faults of issue 16 that {@link SafeExecuteOnE2bTest} does not cover: the backend
 * unreachable from the start, the backend gone in the middle of a command (so even the kill cannot reach it), and
 * the caller's own deadline (a Lambda's remaining time) reached while a command runs. Each runs the real E2B client
 * over HTTP against its own stand-in (or a closed port) and the real ledger; what must hold on every path is that no
 * reservation is left open, nothing is spent for a sandbox that never existed, and a sandbox the service could not
 * kill ends by itself at its bounded lifetime.
 */
class SandboxFaultsTest {

    private static final String API_KEY = E2bStandIn.DEFAULT_API_KEY;

    private static ApplicationContext context(String url) {
        return ApplicationContext.run(Map.of(
            "redis.uri", EmbeddedRedis.shared().uri(),
            "e2b.api-key", API_KEY,
            "e2b.api-url", url,
            "e2b.sandbox-url", url,
            "e2b.request-timeout", "5s"));
    }

    private static String budget(ApplicationContext context) {
        String runId = Ids.newId("run");
        context.getBean(BudgetApi.class).create(("{\"run_id\":\"" + runId + "\",\"limit\":\"10.00\"}").getBytes(StandardCharsets.UTF_8));
        return runId;
    }

    private static SandboxExecResponse execute(ApplicationContext context, String json, Instant mustFinishBy) {
        SandboxExecRequest request = SandboxExecRequest.from(StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8)),
            context.getBean(PackageEcosystems.class));
        return context.getBean(SafeExecute.class).execute(request, mustFinishBy);
    }

    @SuppressWarnings("unchecked")
    private static BigDecimal money(ApplicationContext context, String runId, String field) {
        return (BigDecimal) ((Map<String, Object>) context.getBean(BudgetApi.class).status(runId).body()).get(field);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableBackendIsA503AndNothingIsReservedOrSpent() throws IOException {
        try (ApplicationContext context = context("http://127.0.0.1:" + closedPort())) {
            String runId = budget(context);
            ProblemException problem = assertThrows(ProblemException.class,
                () -> execute(context, "{\"run_id\":\"" + runId + "\",\"command\":\"echo hi\"}", null));
            assertEquals(503, problem.status());
            assertEquals("sandbox_backend_unavailable", problem.problem().code());
            assertFalse(String.valueOf(problem.problem()).contains(API_KEY), "the API key is not in the problem");
            assertEquals(0, BigDecimal.ZERO.compareTo(money(context, runId, "reserved")), "the reservation was released");
            assertEquals(0, BigDecimal.ZERO.compareTo(money(context, runId, "spent")), "no sandbox existed: nothing is spent");
        }
    }

    @Test
    void aBackendGoneMidCommandLeavesNoReservationAndTheSandboxEndsByItself() throws Exception {
        E2bStandIn standIn = E2bStandIn.start();
        try (ApplicationContext context = context(standIn.url())) {
            String runId = budget(context);
            CompletableFuture<SandboxExecResponse> running = CompletableFuture.supplyAsync(() -> execute(context,
                "{\"run_id\":\"" + runId + "\",\"command\":\"sleep 20\",\"timeout_ms\":30000}", null));
            String id = awaitCommand(standIn);
            Instant endAt = standIn.endAt(id).orElseThrow();
            assertTrue(endAt.isBefore(Instant.now().plusSeconds(30 + 60 + 5)),
                "the sandbox's own lifetime is bounded by the work plus the slack, so E2B ends it without us: " + endAt);
            standIn.close();

            ExecutionException failed = assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS));
            ProblemException problem = assertInstanceOf(ProblemException.class, failed.getCause());
            assertEquals(503, problem.status());
            assertEquals(0, BigDecimal.ZERO.compareTo(money(context, runId, "reserved")), "no reservation left open");
            assertTrue(money(context, runId, "spent").signum() > 0, "the seconds the sandbox lived are paid");
        } finally {
            standIn.close();
        }
    }

    @Test
    void theCallersDeadlineCutsTheCommandKillsTheSandboxAndSettles() throws Exception {
        E2bStandIn standIn = E2bStandIn.start();
        try (ApplicationContext context = context(standIn.url())) {
            String runId = budget(context);
            // The cleanup reserve is 3 s: a deadline 5 s away leaves the command about 2 s of its 30.
            Instant mustFinishBy = Instant.now().plusSeconds(5);
            SandboxExecResponse answer = execute(context, "{\"run_id\":\"" + runId
                + "\",\"commands\":[\"sleep 30\",\"echo never\"],\"timeout_ms\":30000}", mustFinishBy);
            assertTrue(Instant.now().isBefore(mustFinishBy), "answered before the caller's deadline");
            assertEquals(1, answer.results().size(), "the second command was not started");
            assertTrue(answer.results().get(0).timedOut(), "the first command was cut");
            assertTrue(answer.stopped(), "the batch says it stopped early");

            String id = answer.sandboxId();
            assertTrue(standIn.calls().stream().anyMatch(c -> c.is("DELETE", "/sandboxes/" + id)), "the sandbox was killed");
            assertFalse(standIn.exists(id));
            assertEquals(0, BigDecimal.ZERO.compareTo(money(context, runId, "reserved")), "no reservation left open");
            assertEquals(0, answer.cost().compareTo(money(context, runId, "spent")), "the measured cost is what was spent");
            List<String> creates = standIn.calls(c -> c.is("POST", "/sandboxes") || c.is("POST", "/v2/sandboxes"))
                .stream().map(c -> c.bodyText()).toList();
            assertEquals(1, creates.size());
            long timeout = StrictJson.parseObject(creates.get(0).getBytes(StandardCharsets.UTF_8)).get("timeout").getLongValue();
            assertTrue(timeout >= 60 && timeout <= 66,
                "the sandbox's lifetime is the caller's deadline plus the 60 s slack, not the 90 s of the work: " + timeout);
        } finally {
            standIn.close();
        }
    }

    private static String awaitCommand(E2bStandIn standIn) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (String id : standIn.sandboxIds()) {
                if (!standIn.pids(id).isEmpty()) {
                    return id;
                }
            }
            assertTrue(System.nanoTime() < until, "the command started");
            Thread.sleep(20);
        }
    }
}
