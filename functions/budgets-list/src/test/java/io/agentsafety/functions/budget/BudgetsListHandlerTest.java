package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.PlantedSecrets;
import io.agentsafety.testing.SecretEchoes;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /budgets. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetsListHandlerTest {

    private static final String PATH = "/api/v1/safety/budgets";

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budgets-list");
        http = fn.http();
        api = fn.api();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    private static APIGatewayV2HTTPResponse list(String... query) {
        ApiEvents request = ApiEvents.request("GET", PATH);
        for (int i = 0; i < query.length; i += 2) {
            request.query(query[i], query[i + 1]);
        }
        return http.send(request.build());
    }

    /** Every page with this limit: item per run id, in listing order. */
    private static Map<String, JsonNode> walk(String limit, String... more) throws IOException {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        String cursor = null;
        do {
            List<String> query = new ArrayList<>(List.of("limit", limit));
            query.addAll(List.of(more));
            if (cursor != null) {
                query.addAll(List.of("cursor", cursor));
            }
            APIGatewayV2HTTPResponse response = list(query.toArray(String[]::new));
            assertEquals(200, response.getStatusCode(), response.getBody());
            assertTrue(http.header(response, "content-type").startsWith("application/json"), response.getHeaders().toString());
            JsonNode body = http.body(response);
            JsonNode budgets = body.get("budgets");
            assertTrue(budgets.size() <= Integer.parseInt(limit));
            for (int i = 0; i < budgets.size(); i++) {
                JsonNode item = budgets.get(i);
                assertTrue(items.put(item.get("run_id").getStringValue(), item) == null, "listed twice: " + item);
            }
            assertTrue(body.get("next_cursor") != null, "next_cursor is always present: " + response.getBody());
            cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").getStringValue();
        } while (cursor != null);
        return items;
    }

    @Test
    void eachItemIsExactlyTheStatusBodyNewestFirstAcrossPages() throws IOException {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(fn.budget("12.5"));
        }
        fn.call(api::spend, "{\"run_id\":\"" + runs.get(2) + "\",\"amount\":7}");
        Map<String, JsonNode> items = walk("2");
        List<String> order = items.keySet().stream().filter(runs::contains).toList();
        // newest first: created_at, then run id (two creates in one millisecond), descending
        Comparator<String> newestFirst = Comparator.comparing((String runId) -> Instant.parse(items.get(runId).get("created_at").getStringValue()))
            .thenComparing(runId -> runId).reversed();
        assertEquals(runs.stream().sorted(newestFirst).toList(), order);
        JsonMapper json = http.bean(JsonMapper.class);
        for (String runId : runs) {
            // the same JSON text: the same fields, in the same order, with the same values
            assertEquals(json.writeValueAsString(api.status(runId).body()), json.writeValueAsString(items.get(runId)));
        }
        assertEquals("5.5", items.get(runs.get(2)).get("remaining").getValue().toString());
        assertEquals(1, items.get(runs.get(2)).get("spend_count").getIntValue());
    }

    @Test
    void theBreakerFilterAndDeletedBudgets() throws IOException {
        String open = fn.budget("1");
        String closed = fn.budget("1");
        String deleted = fn.budget("1");
        fn.call(api::spend, "{\"run_id\":\"" + open + "\",\"amount\":2}");
        api.delete(deleted);
        Map<String, JsonNode> opened = walk("200", "breaker", "open");
        assertTrue(opened.containsKey(open));
        assertFalse(opened.containsKey(closed));
        opened.values().forEach(item -> assertTrue(item.get("circuit_open").getBooleanValue()));
        Map<String, JsonNode> all = walk("200");
        assertTrue(all.containsKey(open) && all.containsKey(closed));
        assertFalse(all.containsKey(deleted), "a deleted budget is never listed");
    }

    @Test
    void theDefaultPageIs50() throws IOException {
        for (int i = 0; i < 51; i++) {
            fn.budget("1");
        }
        JsonNode body = http.body(list());
        assertEquals(50, body.get("budgets").size());
        assertTrue(body.get("next_cursor").isString());
    }

    @Test
    void badParametersAre400NamingEachOne() {
        String[][] cases = {
            {"limit", "0", "limit"}, {"limit", "201", "limit"}, {"limit", "-1", "limit"}, {"limit", "x", "limit"},
            {"limit", "1.5", "limit"}, {"limit", "", "limit"}, {"limit", "+5", "limit"}, {"limit", "99999999999", "limit"},
            {"cursor", "not-a-cursor", "cursor"}, {"cursor", "MTI6cnVu=", "cursor"}, {"cursor", "LTE6cnVu", "cursor"},
            {"cursor", "", "cursor"}, {"breaker", "half", "breaker"}, {"breaker", "OPEN", "breaker"},
            {"run_id", "run-42", "run_id"}, {"offset", "10", "offset"},
        };
        for (String[] c : cases) {
            http.assertProblem(list(c[0], c[1]), 400, c[2]);
        }
        APIGatewayV2HTTPResponse two = list("limit", "0", "cursor", "x");
        http.assertProblem(two, 400, null);
        assertEquals(2, http.body(two).get("errors").size());
    }

    @Test
    void secretsInQueryNamesOrValuesAreNotEchoed() {
        SecretEchoes.assertRouteEchoesNoSecret(http, "GET", PATH, false);
        for (PlantedSecrets.Planted planted : PlantedSecrets.ALL) {
            String secret = planted.text();
            for (String[] query : new String[][]{{secret, "1"}, {"cursor", secret}, {"limit", secret}, {"breaker", secret}}) {
                APIGatewayV2HTTPResponse response = list(query);
                SecretEchoes.assertClean(http, response, planted, "GET /budgets?" + query[0]);
                assertEquals(400, response.getStatusCode(), response.getBody());
            }
        }
    }

    @Test
    void redisDownIs503() {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        redis.stop();
        String shared = System.getProperty("redis.uri");
        System.setProperty("redis.uri", redis.uri());
        try (LambdaHttp dead = new LambdaHttp("budgets-list")) {
            APIGatewayV2HTTPResponse response = dead.send(ApiEvents.get(PATH));
            dead.assertProblem(response, 503, null);
            assertEquals("ledger_unavailable", dead.body(response).get("code").getStringValue());
        } finally {
            System.setProperty("redis.uri", shared);
        }
    }
}
