package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PATCH /budget/{run_id}. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetUpdateHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-update");
        http = fn.http();
        api = fn.api();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void raisesTheLimitAndClosesTheBreaker() throws IOException {
        String runId = fn.budget("2");
        fn.call(api::spend, "{\"run_id\":\"" + runId + "\",\"amount\":3}");
        String path = "/api/v1/safety/budget/" + runId;
        JsonNode raised = http.body(http.send("PATCH", path, "{\"limit\":\"5\"}"));
        assertEquals("5", raised.get("limit").getValue().toString());
        assertFalse(raised.get("exceeded").getBooleanValue());
        assertTrue(raised.get("circuit_open").getBooleanValue());
        APIGatewayV2HTTPResponse closed = http.send("PATCH", path, "{\"circuit_open\":false}");
        assertEquals(200, closed.getStatusCode());
        assertFalse(http.body(closed).get("circuit_open").getBooleanValue());
        assertEquals(200, fn.call(api::spend, "{\"run_id\":\"" + runId + "\",\"amount\":1,\"enforce\":true}").status());

        http.assertProblem(http.send("PATCH", path, "{\"circuit_open\":\"no\"}"), 400, "circuit_open");
        http.assertProblem(http.send("PATCH", path, "{}"), 400, "body");
        http.assertProblem(http.send("PATCH", path, "{\"limit\":-1}"), 400, "limit");
        http.assertProblem(http.send("PATCH", "/api/v1/safety/budget/ghost-run", "{\"limit\":1}"), 404, null);
    }
}
