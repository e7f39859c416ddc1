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

/** POST /budget/release. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetReleaseHandlerTest {

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
        return handler.handleRequest(event, new TestLambdaContext("budget-release"));
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
    void releasesTheWholeReservation() throws IOException {
        String runId = budget("10");
        String id = (String) ((Map<?, ?>) call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":9}").body()).get("reservation_id");
        APIGatewayV2HTTPResponse released = send("POST", "/api/v1/safety/budget/release", "{\"reservation_id\":\"" + id + "\"}");
        assertEquals(200, released.getStatusCode());
        JsonNode status = body(released);
        assertEquals("0", status.get("reserved").getValue().toString());
        assertEquals("10", status.get("remaining").getValue().toString());
        assertEquals("0", status.get("actual_amount").getValue().toString());
        assertEquals("true", header(send("POST", "/api/v1/safety/budget/release", "{\"reservation_id\":\"" + id + "\"}"), "Idempotent-Replayed"));
        assertProblem(send("POST", "/api/v1/safety/budget/release", "{}"), 400, "reservation_id");
    }
}
