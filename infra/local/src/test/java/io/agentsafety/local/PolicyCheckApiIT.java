package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After {@code package}: the real infra/template.yaml served with the real function jars, over real HTTP, the
 * way a developer runs it; and the shaded runner jar's {@code invoke} and {@code start-api} commands.
 */
class PolicyCheckApiIT {

    static final Path TEMPLATE = Path.of("..", "template.yaml").toAbsolutePath().normalize();
    static final Path RUNNER_JAR = Path.of("target", "local-runner.jar").toAbsolutePath();

    @TempDir
    static Path temp;
    static LocalRunner runner;
    static ApiServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        Path policyPackage = TEMPLATE.getParent().resolve("../functions/policy-check/target/policy-check-lambda.zip").normalize();
        assertTrue(Files.exists(policyPackage), policyPackage + " must be built first (the runner module builds after functions/)");
        Path envVars = temp.resolve("env.json");
        Files.writeString(envVars, "{\"PolicyCheckFunction\": {\"SAFETY_POLICY_NETWORK_ALLOWLIST\": \"api.example.com,*.allowed.test\"}}");
        runner = LocalRunner.start(new LocalRunner.Settings(TEMPLATE, envVars, cleanShell(), new WorkerOptions(128, 1, Duration.ofSeconds(90))));
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

    static Map<String, String> cleanShell() {
        Map<String, String> shell = new HashMap<>();
        shell.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return shell;
    }

    @Test
    void checkAnswersWithADecision() throws Exception {
        HttpResponse<byte[]> response = http.postJson("/api/v1/safety/check",
            "{\"action_type\": \"deploy\", \"params\": {\"environment\": \"production\", \"target\": \"api\"}}");
        assertEquals(200, response.statusCode());
        JsonNode decision = HttpTestClient.json(response);
        assertEquals("deploy", decision.get("action_type").asText());
        assertEquals("require_approval", decision.get("verdict").asText());
        assertFalse(decision.get("allowed").asBoolean());
        assertTrue(decision.get("decision_id").asText().startsWith("dec_"));

        JsonNode code = HttpTestClient.json(http.postJson("/api/v1/safety/check",
            "{\"action_type\": \"execute_code\", \"params\": {\"command\": \"rm -rf ./build\"}}"));
        assertEquals("execute_code", code.get("action_type").asText());
        assertTrue(List.of("allow", "require_approval", "deny").contains(code.get("verdict").asText()));
    }

    @Test
    void envVarsFileReachesTheFunction() throws Exception {
        JsonNode allowed = HttpTestClient.json(http.postJson("/api/v1/safety/check",
            "{\"action_type\": \"network_access\", \"params\": {\"url\": \"https://api.example.com/v1/items\"}}"));
        assertTrue(allowed.get("allowed").asBoolean(), allowed.toString());
        JsonNode denied = HttpTestClient.json(http.postJson("/api/v1/safety/check",
            "{\"action_type\": \"network_access\", \"params\": {\"url\": \"https://evil.example.net/\"}}"));
        assertFalse(denied.get("allowed").asBoolean(), denied.toString());

        HttpResponse<byte[]> policy = http.get("/api/v1/safety/policy");
        assertEquals(200, policy.statusCode());
        assertTrue(new String(policy.body(), StandardCharsets.UTF_8).contains("api.example.com"), "GET /policy shows the allowlist from env.json");
    }

    @Test
    void errorsAreProblemJson() throws Exception {
        HttpResponse<byte[]> invalid = http.postJson("/api/v1/safety/check", "{\"action_type\": ");
        assertEquals(400, invalid.statusCode(), "the function's own 400");
        assertEquals("application/problem+json", invalid.headers().firstValue("content-type").orElseThrow());

        HttpResponse<byte[]> unknown = http.get("/api/v1/safety/nope");
        assertEquals(404, unknown.statusCode());
        assertEquals("application/problem+json", unknown.headers().firstValue("content-type").orElseThrow());

        HttpResponse<byte[]> wrongMethod = http.send("PUT", "/api/v1/safety/check", new byte[0]);
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("POST", wrongMethod.headers().firstValue("allow").orElseThrow());

        byte[] huge = new byte[6 * 1024 * 1024 + 1];
        HttpResponse<byte[]> tooLarge = http.send("POST", "/api/v1/safety/check", huge, "Content-Type", "application/json");
        assertEquals(413, tooLarge.statusCode());
        assertEquals("payload_too_large", HttpTestClient.json(tooLarge).get("code").asText());
    }

    @Test
    void aKilledWorkerIsRestartedOnTheNextRequest() throws Exception {
        assertEquals(200, http.get("/api/v1/safety/policy").statusCode());
        long pid = runner.workerPids("PolicyCheckFunction").get(0);
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        worker.destroyForcibly();
        worker.onExit().get(10, TimeUnit.SECONDS);
        assertEquals(200, http.get("/api/v1/safety/policy").statusCode());
        assertFalse(runner.workerPids("PolicyCheckFunction").contains(pid));
    }

    @Test
    void theShadedJarInvokesTheDirectHandler() throws Exception {
        Path event = TEMPLATE.getParent().resolve("events/policy-check-direct.json");
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", RUNNER_JAR.toString(), "invoke", "PolicyCheckDirectFunction",
            "--event", event.toString(), "--template", TEMPLATE.toString());
        builder.environment().put("REDIS_URI", runner.redisUri());
        builder.redirectError(temp.resolve("invoke.log").toFile());
        Process process = builder.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), () -> new String(stdout, StandardCharsets.UTF_8));
        JsonNode decision = HttpTestClient.JSON.readTree(stdout);
        assertEquals("execute_code", decision.get("action_type").asText());
        assertEquals("run-42", decision.get("run_id").asText());
        assertTrue(decision.has("verdict") && decision.has("decision_id"));
    }

    @Test
    void theShadedJarServesTheApiAndStopsItsWorkersOnShutdown() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", RUNNER_JAR.toString(), "start-api", "--port", "0",
            "--template", TEMPLATE.toString());
        builder.environment().put("REDIS_URI", runner.redisUri());
        builder.redirectError(temp.resolve("start-api.log").toFile());
        Process process = builder.start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertTrue(line != null && line.startsWith("listening on http://127.0.0.1:"), String.valueOf(line));
            HttpTestClient client = new HttpTestClient(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)));
            assertEquals(200, client.get("/api/v1/safety/policy").statusCode());
            List<ProcessHandle> workers = process.descendants().filter(ProcessHandle::isAlive).toList();
            assertFalse(workers.isEmpty());

            process.destroy(); // SIGTERM: the shutdown hook stops the workers
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            for (ProcessHandle w : workers) {
                w.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(w.isAlive(), "no orphaned worker");
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
