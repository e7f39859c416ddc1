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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /budget/can-spend. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetCanSpendHandlerTest {

    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        System.setProperty("redis.uri", EmbeddedRedis.shared().uri());
        http = new LambdaHttp("budget-can-spend");
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
    void answersAllowedWithAReason() throws IOException {
        String runId = budget("3");
        JsonNode yes = http.body(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"" + runId + "\",\"amount\":3}"));
        assertTrue(yes.get("allowed").getBooleanValue());
        assertEquals("ok", yes.get("reason").getStringValue());
        JsonNode no = http.body(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"" + runId + "\",\"amount\":\"3.000001\"}"));
        assertFalse(no.get("allowed").getBooleanValue());
        assertEquals("insufficient_budget", no.get("reason").getStringValue());
        assertEquals("3", no.get("remaining").getValue().toString());
        call(api::spend, "{\"run_id\":\"" + runId + "\",\"amount\":4}");
        JsonNode open = http.body(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"" + runId + "\",\"amount\":0.01}"));
        assertEquals("circuit_open", open.get("reason").getStringValue());
        JsonNode none = http.body(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"ghost\",\"amount\":1}"));
        assertFalse(none.get("allowed").getBooleanValue());
        assertEquals("budget_not_found", none.get("reason").getStringValue());
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"" + runId + "\"}"), 400, "amount");
    }
}
