package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of infra/template.yaml, served by the runner from each function's own jar over real HTTP,
 * with the embedded Redis the runner starts: the budget lifecycle across nine functions, the breaker
 * reaching the gate, and redaction.
 */
class AllRoutesApiIT {

    static LocalRunner runner;
    static ApiServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        runner = SharedLocalRunner.runner();
        server = SharedLocalRunner.server();
        http = new HttpTestClient(server.port());
    }

    private static JsonNode ok(HttpResponse<byte[]> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return HttpTestClient.json(response);
    }

    private static HttpResponse<byte[]> send(String method, String path, String json) throws Exception {
        return http.send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    /** The run's item in GET /budgets, walking every page (2 per page, to cross pages), or null when not listed. */
    private static JsonNode listed(String run) throws Exception {
        JsonNode found = null;
        String cursor = null;
        do {
            JsonNode page = ok(send("GET", "/api/v1/safety/budgets?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null), 200);
            for (JsonNode item : page.get("budgets")) {
                if (run.equals(item.get("run_id").asText())) {
                    found = item;
                }
            }
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return found;
    }

    @Test
    void budgetLifecycleAcrossTheNineFunctions() throws Exception {
        String run = "it-" + UUID.randomUUID();
        String base = "/api/v1/safety/budget";
        JsonNode created = ok(send("POST", base + "/create", "{\"run_id\":\"" + run + "\",\"limit\":\"1.00\",\"thresholds\":[0.5]}"), 201);
        assertEquals("1", created.get("limit").asText());
        ok(send("POST", base + "/create", "{\"run_id\":\"" + run + "\",\"limit\":\"1.00\",\"thresholds\":[0.5]}"), 200);
        assertEquals(409, send("POST", base + "/create", "{\"run_id\":\"" + run + "\",\"limit\":\"2\"}").statusCode());

        ok(send("POST", base + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":0.1}"), 200);
        HttpResponse<byte[]> first = send("POST", base + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"0.2\",\"idempotency_key\":\"k-1\"}");
        JsonNode spent = ok(first, 200);
        assertEquals("0.3", spent.get("spent").asText(), "exact decimal, no binary drift");
        HttpResponse<byte[]> replay = send("POST", base + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"0.2\",\"idempotency_key\":\"k-1\"}");
        assertEquals("true", replay.headers().firstValue("idempotent-replayed").orElse(null));
        assertEquals(402, send("POST", base + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":5,\"enforce\":true}").statusCode());

        JsonNode can = ok(send("POST", base + "/can-spend", "{\"run_id\":\"" + run + "\",\"amount\":0.5}"), 200);
        assertTrue(can.get("allowed").asBoolean());

        JsonNode reserved = ok(send("POST", base + "/reserve", "{\"run_id\":\"" + run + "\",\"amount\":0.4}"), 201);
        String reservation = reserved.get("reservation_id").asText();
        JsonNode committed = ok(send("POST", base + "/commit", "{\"reservation_id\":\"" + reservation + "\",\"actual_amount\":0.25}"), 200);
        assertEquals("0.55", committed.get("spent").asText());
        assertEquals("0", committed.get("reserved").asText());
        String other = ok(send("POST", base + "/reserve", "{\"run_id\":\"" + run + "\",\"amount\":0.1}"), 201).get("reservation_id").asText();
        assertEquals("0", ok(send("POST", base + "/release", "{\"reservation_id\":\"" + other + "\"}"), 200).get("reserved").asText());

        JsonNode status = ok(send("GET", base + "/" + run, null), 200);
        assertEquals("0.45", status.get("remaining").asText());
        assertEquals("0.5", status.get("thresholds_crossed").get(0).asText());
        assertEquals(status, listed(run), "GET /budgets lists the run with exactly its status body");

        // Past the limit in record mode: the breaker opens, and the gate (another function) sees it.
        assertTrue(ok(send("POST", base + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":1}"), 200).get("circuit_open").asBoolean());
        JsonNode decision = ok(send("POST", "/api/v1/safety/check",
            "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"staging\"},\"run_id\":\"" + run + "\"}"), 200);
        assertEquals("deny", decision.get("verdict").asText());
        assertEquals("budget circuit open", decision.get("reason").asText());

        JsonNode patched = ok(send("PATCH", base + "/" + run, "{\"limit\":\"5\",\"circuit_open\":false}"), 200);
        assertFalse(patched.get("circuit_open").asBoolean());
        assertEquals(204, send("DELETE", base + "/" + run, null).statusCode());
        assertEquals(404, send("GET", base + "/" + run, null).statusCode());
        assertNull(listed(run), "a deleted budget is not listed");
        assertEquals("application/problem+json", send("GET", base + "/" + run, null).headers().firstValue("content-type").orElse(null));
    }

    /** Issue 13 probe: bodies without a content type were accepted. Every POST/PATCH route of the template, over HTTP. */
    @Test
    void everyRouteWithABodyRequiresAJsonContentType() throws Exception {
        String run = "ct-" + UUID.randomUUID();
        ok(send("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":10}"), 201);
        String[][] routes = {{"POST", "/api/v1/safety/check"}, {"POST", "/api/v1/safety/redact"}, {"POST", "/api/v1/safety/budget/create"},
            {"POST", "/api/v1/safety/budget/spend"}, {"POST", "/api/v1/safety/budget/can-spend"}, {"POST", "/api/v1/safety/budget/reserve"},
            {"POST", "/api/v1/safety/budget/commit"}, {"POST", "/api/v1/safety/budget/release"}, {"PATCH", "/api/v1/safety/budget/" + run}};
        byte[] body = ("{\"run_id\":\"" + run + "\",\"amount\":1}").getBytes(StandardCharsets.UTF_8);
        for (String[] route : routes) {
            for (String[] headers : new String[][]{{}, {"Content-Type", "text/plain"}, {"Content-Type", "application/json; charset=iso-8859-1"}}) {
                HttpResponse<byte[]> response = http.send(route[0], route[1], body, headers);
                assertEquals(415, response.statusCode(), route[1] + " " + String.join(":", headers));
                assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(null));
            }
        }
        JsonNode patched = ok(http.send("PATCH", "/api/v1/safety/budget/" + run, "{\"limit\":12}".getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/merge-patch+json"), 200);
        assertEquals("12", patched.get("limit").asText());
        assertEquals("0", ok(send("GET", "/api/v1/safety/budget/" + run, null), 200).get("spent").asText(), "nothing was spent");
        HttpResponse<byte[]> refused = send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + run + "\",\"amount\":13,\"enforce\":true}");
        assertEquals(402, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("content-type").orElse(null));
        assertEquals("12", HttpTestClient.json(refused).get("budget").get("limit").asText());
        assertEquals(400, send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"+1\"}").statusCode());
    }

    @Test
    void redactRouteRemovesSecretsWithoutEchoingThem() throws Exception {
        String token = "ghp_" + "R7tQ2mXv9LkP4sWn8ZbY1cHd6JfG3eKa5UoT";
        HttpResponse<byte[]> response = send("POST", "/api/v1/safety/redact",
            "{\"text\":\"git clone https://x:" + token + "@github.com/acme/api\"}");
        JsonNode body = ok(response, 200);
        assertFalse(new String(response.body(), StandardCharsets.UTF_8).contains(token));
        assertTrue(body.get("count").asInt() >= 1);
        assertEquals(400, send("POST", "/api/v1/safety/redact", "{\"txt\":\"typo\"}").statusCode());
    }
}
