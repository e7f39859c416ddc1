package io.agentsafety.functions.audit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.audit.AuditEntry;
import io.agentsafety.audit.AuditLog;
import io.agentsafety.audit.AuditType;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/safety/audit through the real handler: newest first, filters, cursor paging, bounded scans, 400s, 503. */
class AuditQueryHandlerTest {

    private static final String STREAM = "test:audit:" + Ids.newId("q");
    private static LambdaHttp http;
    private static AuditLog log;

    @BeforeAll
    static void start() {
        http = handler(Map.of());
        log = http.bean(AuditLog.class);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static LambdaHttp handler(Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("redis.uri", EmbeddedRedis.shared().uri(),
            "micronaut.server.port", -1, "safety.audit.stream", STREAM));
        properties.putAll(extra);
        return new LambdaHttp("audit-query", ApplicationContext.builder().properties(properties).start());
    }

    private static JsonNode page(LambdaHttp handler, Map<String, String> query) {
        ApiEvents request = ApiEvents.request("GET", "/api/v1/safety/audit");
        query.forEach(request::query);
        APIGatewayV2HTTPResponse response = handler.send(request.build());
        assertEquals(200, response.getStatusCode(), response.getBody());
        return handler.body(response);
    }

    private static void append(String runId, AuditType type, String verdict, int n) {
        assertTrue(log.append(AuditEntry.of(type).runId(runId).verdict(verdict).detail(Map.of("n", n)).build()).written());
    }

    private static List<Integer> numbers(JsonNode page) {
        List<Integer> out = new ArrayList<>();
        page.get("entries").values().forEach(e -> out.add(e.get("detail").get("n").getIntValue()));
        return out;
    }

    @Test
    void pagesNewestFirstWithACursorUntilTheEnd() {
        String run = Ids.newId("run");
        String other = Ids.newId("run");
        for (int i = 0; i < 120; i++) {
            append(run, AuditType.POLICY_DECISION, i % 3 == 0 ? "deny" : "allow", i);
            append(other, AuditType.POLICY_DECISION, "allow", 1000 + i);
        }
        List<Integer> seen = new ArrayList<>();
        Map<String, String> query = new LinkedHashMap<>(Map.of("run_id", run));
        String cursor;
        int pages = 0;
        do {
            JsonNode page = page(http, query);
            pages++;
            List<Integer> numbers = numbers(page);
            assertTrue(numbers.size() <= 50, "default limit 50");
            seen.addAll(numbers);
            JsonNode next = page.get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.getStringValue();
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            page.get("entries").values().forEach(e -> assertTrue(e.get("id").getStringValue().matches("\\d+-\\d+")));
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        List<Integer> expected = new ArrayList<>();
        for (int i = 119; i >= 0; i--) {
            expected.add(i);
        }
        assertEquals(expected, seen, "newest first, every entry exactly once across pages");
    }

    @Test
    void filtersByTypeVerdictAndSince() throws InterruptedException {
        String run = Ids.newId("run");
        append(run, AuditType.BUDGET_MUTATION, "ok", 1);
        append(run, AuditType.THRESHOLD_EVENT, "threshold_crossed", 2);
        append(run, AuditType.BREAKER_CHANGE, "opened", 3);
        Thread.sleep(5); // the next entries get a later stream time than the since bound
        Instant since = Instant.now();
        Thread.sleep(5);
        append(run, AuditType.BUDGET_MUTATION, "insufficient_budget", 4);
        append(run, AuditType.BREAKER_CHANGE, "closed", 5);

        assertEquals(List.of(5, 3), numbers(page(http, Map.of("run_id", run, "type", "breaker_change"))));
        assertEquals(List.of(4), numbers(page(http, Map.of("run_id", run, "verdict", "insufficient_budget"))));
        assertEquals(List.of(5, 4), numbers(page(http, Map.of("run_id", run, "since", since.toString()))));
        assertEquals(List.of(4), numbers(page(http, Map.of("run_id", run, "since", since.toString(), "type", "budget_mutation"))));
        JsonNode limited = page(http, Map.of("run_id", run, "limit", "2"));
        assertEquals(List.of(5, 4), numbers(limited));
        assertEquals(List.of(3, 2), numbers(page(http, Map.of("run_id", run, "limit", "2", "cursor", limited.get("next_cursor").getStringValue()))));
        JsonNode entry = page(http, Map.of("run_id", run, "limit", "1")).get("entries").get(0);
        assertEquals("breaker_change", entry.get("type").getStringValue());
        assertEquals(run, entry.get("run_id").getStringValue());
        assertEquals("closed", entry.get("verdict").getStringValue());
    }

    @Test
    void aSelectivePageStopsAtTheScanBoundAndHandsBackACursor() {
        try (LambdaHttp bounded = handler(Map.of("safety.audit.query-max-scan", 20))) {
            String rare = Ids.newId("run");
            append(rare, AuditType.SANDBOX_EXECUTION, "ok", 1);
            String common = Ids.newId("run");
            for (int i = 0; i < 45; i++) {
                append(common, AuditType.POLICY_DECISION, "allow", i);
            }
            JsonNode first = page(bounded, Map.of("run_id", rare));
            assertEquals(List.of(), numbers(first));
            assertEquals(20, first.get("scanned").getIntValue());
            JsonNode second = page(bounded, Map.of("run_id", rare, "cursor", first.get("next_cursor").getStringValue()));
            assertEquals(List.of(), numbers(second));
            JsonNode third = page(bounded, Map.of("run_id", rare, "cursor", second.get("next_cursor").getStringValue()));
            assertEquals(List.of(1), numbers(third), "found by following the cursors");
        }
    }

    @Test
    void badParametersAre400NamingEachOne() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("limit=0", "limit");
        cases.put("limit=501", "limit");
        cases.put("limit=ten", "limit");
        cases.put("cursor=abc", "cursor");
        cases.put("cursor=99999999999999999999-0", "cursor");
        cases.put("type=decisions", "type");
        cases.put("verdict=DROP%20TABLE", "verdict");
        cases.put("since=yesterday", "since");
        cases.put("run_id=%20bad", "run_id");
        cases.put("runid=x", "runid");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String[] kv = c.getKey().split("=", 2);
            APIGatewayV2HTTPResponse response = http.send(ApiEvents.request("GET", "/api/v1/safety/audit")
                .query(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8)).build());
            http.assertProblem(response, 400, c.getValue());
        }
        APIGatewayV2HTTPResponse two = http.send(ApiEvents.request("GET", "/api/v1/safety/audit")
            .query("limit", "0").query("type", "nope").build());
        http.assertProblem(two, 400, null);
        assertEquals(2, http.body(two).get("errors").size());
    }

    @Test
    void redisDownIs503() {
        try (LambdaHttp dead = handler(Map.of("safety.audit.redis-uri", "redis://127.0.0.1:" + EmbeddedRedis.freePort(),
                "safety.audit.command-timeout", "500ms"))) {
            APIGatewayV2HTTPResponse response = dead.send(ApiEvents.get("/api/v1/safety/audit"));
            dead.assertProblem(response, 503, null);
            assertEquals("audit_unavailable", dead.body(response).get("code").getStringValue());
            assertFalse(response.getBody().contains("127.0.0.1"));
        }
    }

    @Test
    void anEmptyOrUnknownStreamIsAnEmptyLastPage() {
        try (LambdaHttp empty = handler(Map.of("safety.audit.stream", "test:audit:none:" + Ids.newId("e")))) {
            JsonNode page = page(empty, Map.of());
            assertEquals(0, page.get("entries").size());
            assertNull(page.get("next_cursor") == null || page.get("next_cursor").isNull() ? null : "cursor");
        }
    }
}
