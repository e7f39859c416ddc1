package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.local.template.Route;
import io.agentsafety.local.template.SamTemplate;
import io.agentsafety.testing.PlantedSecrets;
import io.agentsafety.testing.PlantedSecrets.Planted;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 §3 end to end: the shaded runner ({@code start-api}) serving the real template and function jars
 * over real HTTP, its stderr (the access log and every worker's log) captured to a file. For every route of
 * the template, real-format secrets are planted in unknown and duplicate keys, in the method name (405) and
 * in unrouted paths (404, raw and percent-encoded); on the gate in {@code run_id}/{@code actor}; on the
 * budget in metadata keys and values (create, then status). None may appear in any answer's body or headers,
 * nor anywhere in the log; the errors keep their status and still name the field, redacted.
 */
class SecretEchoApiIT {

    @TempDir
    static Path temp;
    static Process process;
    static Path log;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        log = temp.resolve("start-api.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", PolicyCheckApiIT.RUNNER_JAR.toString(), "start-api", "--port", "0", "--template", PolicyCheckApiIT.TEMPLATE.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("REDIS_")); // the runner's own embedded Redis
        builder.redirectError(log.toFile());
        process = builder.start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.startsWith("listening on http://127.0.0.1:"), line + "\n" + Files.readString(log));
        http = new HttpTestClient(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null) {
            process.destroy(); // SIGTERM: the shutdown hook stops the workers and Redis
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static HttpResponse<byte[]> send(String method, String path, String json) throws Exception {
        return http.send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Neither body nor headers hold the secret; an error is problem+json. */
    private static void assertClean(HttpResponse<byte[]> response, Planted planted, String where) {
        PlantedSecrets.assertAbsent(planted, text(response), "body of " + where);
        PlantedSecrets.assertAbsent(planted, response.headers().map().toString(), "headers of " + where);
        if (response.statusCode() >= 400) {
            assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(null), where);
        }
    }

    @Test
    void everyRouteOfTheTemplate() throws Exception {
        List<Route> routes = SamTemplate.load(PolicyCheckApiIT.TEMPLATE, "us-east-1", warning -> { }).routes().routes();
        assertTrue(routes.size() >= 11, "every HTTP route of the template: " + routes);
        for (Route route : routes) {
            String path = route.path().replace("{run_id}", "run-echo").replaceAll("\\{[^}/]+\\}", "apr_echo");
            boolean takesJson = route.method().equals("POST") || route.method().equals("PATCH");
            for (Planted planted : PlantedSecrets.ALL) {
                String where = route.routeKey() + " / " + planted.name();
                if (takesJson) {
                    String key = "\"" + planted.text() + "\"";
                    for (String body : List.of("{" + key + ":1}", "{" + key + ":1," + key + ":2}")) {
                        HttpResponse<byte[]> response = send(route.method(), path, body);
                        assertClean(response, planted, where + " " + body);
                        assertEquals(400, response.statusCode(), where + ": " + text(response));
                        String field = HttpTestClient.json(response).get("errors").get(0).get("field").asText();
                        assertTrue(field.contains("REDACTED"), "still names the field, redacted: " + field);
                    }
                }
                if (planted.httpToken()) {
                    HttpResponse<byte[]> response = send(planted.text(), path, null);
                    assertClean(response, planted, where + " as method");
                    assertEquals(405, response.statusCode(), where + ": " + text(response));
                    assertTrue(response.headers().firstValue("allow").orElse("").contains(route.method()), where);
                }
            }
        }
        for (Planted planted : PlantedSecrets.ALL) {
            for (String unknown : List.of("/api/v1/safety/" + planted.text(), "/api/v1/safety/x/" + planted.text().replace("=", "%3D"))) {
                HttpResponse<byte[]> response = send("GET", unknown, null);
                assertClean(response, planted, "404 " + unknown);
                assertEquals(404, response.statusCode());
                assertTrue(HttpTestClient.json(response).get("detail").asText().startsWith("no route for GET /api/v1/safety/"), text(response));
            }
        }
        assertLogClean();
    }

    @Test
    void decisionsAndBudgetMetadata() throws Exception {
        for (Planted planted : PlantedSecrets.ALL) {
            String runId = planted.httpToken() && planted.text().length() <= 128 ? planted.text() : "run-" + UUID.randomUUID();
            HttpResponse<byte[]> decision = send("POST", "/api/v1/safety/check", "{\"action_type\":\"execute_code\",\"params\":"
                + "{\"command\":\"ls\"},\"run_id\":\"" + runId + "\",\"actor\":\"agent " + planted.text() + "\"}");
            assertClean(decision, planted, "decision");
            assertEquals(200, decision.statusCode(), text(decision));
            assertTrue(HttpTestClient.json(decision).get("actor").asText().contains("[REDACTED:"), text(decision));

            String run = "echo-" + UUID.randomUUID();
            HttpResponse<byte[]> created = send("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"3\","
                + "\"metadata\":{\"team\":\"search\",\"" + planted.text() + "\":\"k\",\"note\":\"" + planted.text() + "\"}}");
            assertClean(created, planted, "budget create");
            assertEquals(201, created.statusCode(), text(created));
            HttpResponse<byte[]> status = send("GET", "/api/v1/safety/budget/" + run, null);
            assertClean(status, planted, "budget status");
            JsonNode metadata = HttpTestClient.json(status).get("metadata");
            assertEquals("search", metadata.get("team").asText());
            assertTrue(metadata.get("note").asText().contains("[REDACTED:"), text(status));
        }
        assertLogClean();
    }

    /** The access log and every worker line the runner relayed, as written so far. */
    private static void assertLogClean() throws Exception {
        String written = Files.readString(log);
        assertTrue(java.util.regex.Pattern.compile(" /api/v1/safety/\\S* [0-9]{3} [0-9]+\\.[0-9]ms ").matcher(written).find(),
            "the test reads the access log:\n" + written);
        PlantedSecrets.assertNoneIn(written, "the runner's log");
    }
}
