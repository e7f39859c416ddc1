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

/** POST /budget/commit. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetCommitHandlerTest {

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
        return handler.handleRequest(event, new TestLambdaContext("budget-commit"));
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
    void commitsTheActualAmountOnce() throws IOException {
        String runId = budget("10");
        String id = (String) ((Map<?, ?>) call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":5}").body()).get("reservation_id");
        String request = "{\"reservation_id\":\"" + id + "\",\"actual_amount\":\"3.2\"}";
        APIGatewayV2HTTPResponse committed = send("POST", "/api/v1/safety/budget/commit", request);
        assertEquals(200, committed.getStatusCode());
        JsonNode status = body(committed);
        assertEquals("3.2", status.get("spent").getValue().toString());
        assertEquals("0", status.get("reserved").getValue().toString());
        assertEquals("5", status.get("reserved_amount").getValue().toString());
        APIGatewayV2HTTPResponse retry = send("POST", "/api/v1/safety/budget/commit", request);
        assertEquals("true", header(retry, "Idempotent-Replayed"));
        assertEquals("3.2", body(retry).get("spent").getValue().toString());
        APIGatewayV2HTTPResponse different = send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"" + id + "\",\"actual_amount\":4}");
        assertProblem(different, 409, null);
        assertEquals("reservation_settled", body(different).get("code").getStringValue());

        String id2 = (String) ((Map<?, ?>) call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":1}").body()).get("reservation_id");
        JsonNode higher = body(send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"" + id2 + "\",\"actual_amount\":7.8}"));
        assertEquals("11", higher.get("spent").getValue().toString());
        assertTrue(higher.get("exceeded").getBooleanValue());
        assertProblem(send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"rsv_nope\",\"actual_amount\":1}"), 400, "reservation_id");
        assertProblem(send("POST", "/api/v1/safety/budget/commit",
            "{\"reservation_id\":\"rsv_0123456789abcdefghij_" + runId + "\",\"actual_amount\":1}"), 404, null);
    }
}
