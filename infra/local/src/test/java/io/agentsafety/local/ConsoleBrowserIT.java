package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, "Console": the operator console in a real browser against the local runner serving the real template and
 * function jars (the runner shared by this module's ITs). This test seeds state over HTTP (two budgets, one with its
 * breaker open; two pending approvals; a denied command), then runs {@code src/test/console/console-e2e.mjs} —
 * headless Debian Chromium driven by playwright-core — which approves a request in the UI and sees the agent's re-check allowed, watches a budget bar
 * change after a spend made while the page is open, raises a limit and closes a breaker through the confirmation
 * dialog, runs the policy tester on a destructive command (deny, evidence highlighted) and filters and opens audit
 * entries. Screenshots of each view go to {@code target/console-screenshots}. Requires node, npm and
 * {@code /usr/bin/chromium} ({@code .ci/run} installs them); skipped without them, except on CI.
 */
class ConsoleBrowserIT {

    static final Path ROOT = PolicyCheckApiIT.TEMPLATE.getParent().getParent();
    static final Path SCRIPT = ROOT.resolve("infra/local/src/test/console/console-e2e.mjs");
    static final Path SHOTS = ROOT.resolve("infra/local/target/console-screenshots");
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    static ApiServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        boolean tools = onPath("node") && onPath("npm") && Files.isExecutable(CHROMIUM);
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(tools, "node, npm or " + CHROMIUM + " missing: the console's browser test cannot run here");
        }
        assertTrue(tools, "CI must have node, npm and " + CHROMIUM + " (.ci/run installs them)");
        if (!Files.isRegularFile(ROOT.resolve("node_modules/playwright-core/package.json"))) {
            Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertEquals(0, install.code(), "npm ci failed: " + install.output());
        }
        server = SharedLocalRunner.server();
        http = new HttpTestClient(server.port());
    }

    @Test
    void approvalsBudgetsPolicyAndAuditInARealBrowser() throws Exception {
        warmTheConsolesFunctions().get(300, TimeUnit.SECONDS);
        String id = UUID.randomUUID().toString().substring(0, 8);
        String run = "console-" + id;
        String tripped = "console-tripped-" + id;
        String requester = "agent-7";
        ok("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"10.00\",\"currency\":\"USD\",\"thresholds\":[0.5,0.8]}", 201);
        ok("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"1.25\"}", 200);
        ok("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + tripped + "\",\"limit\":\"1\",\"currency\":\"USD\"}", 201);
        assertTrue(ok("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + tripped + "\",\"amount\":\"1.5\"}", 200)
            .get("circuit_open").asBoolean(), "past the limit in record mode: the breaker opens");
        String approval = pending("{\"action_type\":\"execute_code\",\"params\":{\"command\":\"groupdel staff\"},\"run_id\":\"" + run
            + "\",\"actor\":\"" + requester + "\"}");
        String other = pending("{\"action_type\":\"deploy\",\"params\":{\"environment\":\"production\",\"target\":\"billing-api\"},"
            + "\"run_id\":\"" + run + "\",\"actor\":\"" + requester + "\"}");
        assertEquals("deny", ok("POST", "/api/v1/safety/check", "{\"action_type\":\"execute_code\",\"params\":{\"command\":"
            + "\"sudo rm -rf / --no-preserve-root\"},\"run_id\":\"" + run + "\"}", 200).get("verdict").asText());

        Run e2e = run(List.of("node", SCRIPT.toString(), "--base", "http://127.0.0.1:" + server.port(), "--out", SHOTS.toString(),
            "--approval", approval, "--other-approval", other, "--requester", requester, "--run", run, "--tripped-run", tripped), 120);
        assertTrue(!e2e.stdout().isBlank(), e2e.output());
        String[] lines = e2e.stdout().strip().split("\n");
        JsonNode result = HttpTestClient.JSON.readTree(lines[lines.length - 1]);
        List<String> failed = new ArrayList<>();
        result.path("steps").forEach(s -> {
            if (!s.path("ok").asBoolean()) {
                failed.add(s.path("name").asText() + ": " + s.path("detail").asText());
            }
        });
        assertEquals(List.of(), failed, e2e.output());
        assertEquals(List.of(), HttpTestClient.JSON.convertValue(result.path("browser_errors"), List.class), "no script or CSP error in the page");
        assertEquals(9, result.path("steps").size(), "every scenario ran: " + e2e.output());
        assertTrue(result.path("ok").asBoolean(), e2e.output());
        assertEquals(0, e2e.code(), e2e.output());

        // what the browser did is what the service now holds
        assertEquals("used", ok("GET", "/api/v1/safety/approvals/" + approval, null, 200).get("status").asText());
        assertEquals("pending", ok("GET", "/api/v1/safety/approvals/" + other, null, 200).get("status").asText(), "the requester's own vote was refused");
        JsonNode budget = ok("GET", "/api/v1/safety/budget/" + run, null, 200);
        assertEquals("20", budget.get("limit").asText());
        assertEquals("5.75", budget.get("spent").asText(), "1.25 seeded + 4.5 spent while the page was open");
        assertTrue(!ok("GET", "/api/v1/safety/budget/" + tripped, null, 200).get("circuit_open").asBoolean());
        JsonNode steps = result.path("steps");
        assertEquals("allow", steps.get(3).path("detail").path("recheck").asText());
        assertEquals("deny", steps.get(7).path("detail").path("verdict").asText());

        List<String> names = List.of("1-approvals-pending", "2-approvals-after-approve", "3-budgets", "4-policy-tester", "5-audit");
        for (String name : names) {
            Path png = SHOTS.resolve(name + ".png");
            assertTrue(Files.size(png) > 20_000, png + " is a real screenshot");
            byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
            assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * One harmless request to each function the seeding and the page call, two at a time, before the seeding: each
     * starts its worker JVM now rather than in the middle of a browser step. A cold start takes 1-2 s; on a machine
     * loaded by other builds it can take a minute, past the client's timeout: the worker starts anyway, so a timeout
     * here is not a failure (the steps after it are, with their own timeouts).
     */
    private static CompletableFuture<Void> warmTheConsolesFunctions() {
        String none = "apr_" + "0".repeat(26);
        String[][] requests = {{"GET", "/console", null}, {"POST", "/api/v1/safety/budget/create", "{}"},
            {"POST", "/api/v1/safety/check", "{}"}, {"POST", "/api/v1/safety/budget/spend", "{}"},
            {"GET", "/api/v1/safety/approvals?limit=1", null}, {"GET", "/api/v1/safety/approvals/" + none, null},
            {"GET", "/api/v1/safety/audit?limit=1", null}, {"GET", "/api/v1/safety/budgets?limit=1", null},
            {"GET", "/api/v1/safety/budget/warm-up", null},
            {"POST", "/api/v1/safety/approvals/" + none + "/approve", "{\"approver\":\"warm-up\"}"},
            {"PATCH", "/api/v1/safety/budget/warm-up", "{\"limit\":\"1\"}"}};
        // two at a time: more JVMs starting at once on two cores only starve each other
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        return CompletableFuture.allOf(java.util.Arrays.stream(requests).map(r -> CompletableFuture.runAsync(() -> {
            try {
                // answers are 200, 400 (an empty body) or 404 (no such approval or run): nothing is written
                http.send(r[0], r[1], r[2] == null ? null : r[2].getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
            } catch (java.net.http.HttpTimeoutException e) {
                System.err.println("warm-up of " + r[1] + " timed out (a loaded machine); its worker is starting");
            } catch (Exception e) {
                throw new IllegalStateException(r[1], e);
            }
        }, threads)).toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> threads.shutdown());
    }

    private static String pending(String check) throws Exception {
        JsonNode decision = ok("POST", "/api/v1/safety/check", check, 200);
        assertEquals("require_approval", decision.get("verdict").asText(), decision.toString());
        return decision.get("approval_id").asText();
    }

    private static JsonNode ok(String method, String path, String json, int status) throws Exception {
        HttpResponse<byte[]> response = http.send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/json");
        assertEquals(status, response.statusCode(), method + " " + path + ": " + new String(response.body(), StandardCharsets.UTF_8));
        return HttpTestClient.json(response);
    }

    record Run(int code, String stdout, String stderr) {
        String output() {
            return stdout + (stderr.isBlank() ? "" : "\nstderr:\n" + stderr);
        }
    }

    /** stdout carries the result; stderr (the browser's noise) is kept for the failure message. */
    static Run run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Run(-1, out.get(5, TimeUnit.SECONDS), "timed out after " + timeoutSeconds + " s\n" + err.get(5, TimeUnit.SECONDS));
        }
        return new Run(process.exitValue(), out.get(), err.get());
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "";
            }
        });
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
