package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.ApiResult;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.EmbeddedRedis;
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

    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        System.setProperty("redis.uri", EmbeddedRedis.shared().uri());
        http = new LambdaHttp("budget-release");
        api = http.bean(BudgetApi.class);
    }

    @AfterAll
    static void stop() {
        http.close();
        System.clearProperty("redis.uri");
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
        APIGatewayV2HTTPResponse released = http.send("POST", "/api/v1/safety/budget/release", "{\"reservation_id\":\"" + id + "\"}");
        assertEquals(200, released.getStatusCode());
        JsonNode status = http.body(released);
        assertEquals("0", status.get("reserved").getValue().toString());
        assertEquals("10", status.get("remaining").getValue().toString());
        assertEquals("0", status.get("actual_amount").getValue().toString());
        assertEquals("true", http.header(http.send("POST", "/api/v1/safety/budget/release", "{\"reservation_id\":\"" + id + "\"}"), "Idempotent-Replayed"));
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/release", "{}"), 400, "reservation_id");
    }
}
