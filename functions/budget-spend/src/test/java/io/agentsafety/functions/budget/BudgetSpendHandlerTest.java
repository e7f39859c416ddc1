package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.ApiResult;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /budget/spend. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetSpendHandlerTest {

    private static APIGatewayV2HTTPEventFunction handler;
    private static JsonMapper json;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        System.setProperty("redis.uri", EmbeddedRedis.shared().uri());
        handler = new APIGatewayV2HTTPEventFunction();
        json = handler.getApplicationContext().getBean(JsonMapper.class);
        api = handler.getApplicationContext().getBean(BudgetApi.class);
    }

    @AfterAll
    static void stop() {
        handler.close();
        System.clearProperty("redis.uri");
    }

    private static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new TestLambdaContext("budget-spend"));
    }

    private static APIGatewayV2HTTPResponse send(String method, String path, String body) {
        ApiEvents request = ApiEvents.request(method, path);
        if (body != null) {
            request.json(body);
        }
        return send(request.build());
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
        return json.readValue(response.getBody(), JsonNode.class);
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> e : response.getHeaders().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static void assertProblem(APIGatewayV2HTTPResponse response, int status, String field) throws IOException {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", header(response, "content-type"));
        if (field != null) {
            assertEquals(field, body(response).get("errors").get(0).get("field").getStringValue());
        }
    }

    /** A fresh budget made through the shared API (another function's route). */
    private static String budget(String limit) {
        String runId = Ids.newId("run");
        api.create(("{\"run_id\":\"" + runId + "\",\"limit\":\"" + limit + "\"}").getBytes(StandardCharsets.UTF_8));
        return runId;
    }

    private static ApiResult call(java.util.function.Function<byte[], ApiResult> route, String body) {
        return route.apply(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void spendsAreExactAndEnforcedOnesAnswer402() throws IOException {
        String runId = budget("1.00");
        send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + runId + "\",\"amount\":0.1}");
        APIGatewayV2HTTPResponse second = send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + runId + "\",\"amount\":\"0.2\"}");
        assertEquals(200, second.getStatusCode());
        assertTrue(second.getBody().contains("\"spent\":0.3,"), second.getBody());
        assertTrue(second.getBody().contains("\"remaining\":0.7,"), second.getBody());

        APIGatewayV2HTTPResponse refused = send("POST", "/api/v1/safety/budget/spend",
            "{\"run_id\":\"" + runId + "\",\"amount\":0.700001,\"enforce\":true}");
        assertEquals(402, refused.getStatusCode());
        JsonNode status = body(refused);
        assertEquals("insufficient_budget", status.get("code").getStringValue());
        assertEquals("0.3", status.get("spent").getValue().toString());

        APIGatewayV2HTTPResponse over = send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + runId + "\",\"amount\":5}");
        assertTrue(body(over).get("circuit_open").getBooleanValue());
        APIGatewayV2HTTPResponse open = send("POST", "/api/v1/safety/budget/spend",
            "{\"run_id\":\"" + runId + "\",\"amount\":0.01,\"enforce\":true}");
        assertEquals(402, open.getStatusCode());
        assertEquals("circuit_open", body(open).get("code").getStringValue());
    }

    @Test
    void retriesWithAnIdempotencyKeyReplay() throws IOException {
        String runId = budget("10");
        String request = "{\"run_id\":\"" + runId + "\",\"amount\":\"1.25\",\"idempotency_key\":\"call-1\",\"enforce\":true}";
        APIGatewayV2HTTPResponse first = send("POST", "/api/v1/safety/budget/spend", request);
        assertNull(header(first, "Idempotent-Replayed"));
        APIGatewayV2HTTPResponse retry = send("POST", "/api/v1/safety/budget/spend", request);
        assertEquals(200, retry.getStatusCode());
        assertEquals("true", header(retry, "Idempotent-Replayed"));
        assertEquals(first.getBody(), retry.getBody());
        assertEquals("1.25", body(retry).get("spent").getValue().toString());
        APIGatewayV2HTTPResponse different = send("POST", "/api/v1/safety/budget/spend",
            "{\"run_id\":\"" + runId + "\",\"amount\":\"2\",\"idempotency_key\":\"call-1\",\"enforce\":true}");
        assertProblem(different, 409, null);
        assertEquals("idempotency_conflict", body(different).get("code").getStringValue());
    }

    @Test
    void unknownRunIs404AndBadAmountsAre400() throws IOException {
        assertProblem(send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"nobody-here\",\"amount\":1}"), 404, null);
        for (String amount : new String[]{"1.1234567", "1000000000001", "\"NaN\"", "\"ten\"", "false", "0", "-2"}) {
            assertProblem(send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"r\",\"amount\":" + amount + "}"), 400, "amount");
        }
    }
}
