package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.ApiEvents;
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

/** GET /budget/{run_id}. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetStatusHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-status");
        http = fn.http();
        api = fn.api();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void statusHasEveryFieldAnd404WhenAbsent() throws IOException {
        String runId = fn.budget("12.5");
        fn.call(api::spend, "{\"run_id\":\"" + runId + "\",\"amount\":7}");
        APIGatewayV2HTTPResponse response = http.send(ApiEvents.get("/api/v1/safety/budget/" + runId));
        assertEquals(200, response.getStatusCode());
        JsonNode status = http.body(response);
        for (String field : new String[]{"run_id", "limit", "spent", "reserved", "remaining", "currency", "exceeded", "circuit_open",
            "thresholds_crossed", "spend_count", "created_at", "updated_at", "expires_at"}) {
            assertTrue(status.get(field) != null, field);
        }
        assertEquals("5.5", status.get("remaining").getValue().toString());
        assertEquals("0.5", status.get("thresholds_crossed").get(0).getValue().toString());
        assertEquals(1, status.get("spend_count").getIntValue());

        APIGatewayV2HTTPResponse missing = http.send(ApiEvents.get("/api/v1/safety/budget/" + Ids.newId("run")));
        http.assertProblem(missing, 404, null);
        assertEquals("budget_not_found", http.body(missing).get("code").getStringValue());
        http.assertProblem(http.send(ApiEvents.get("/api/v1/safety/budget/-bad")), 400, "run_id");
    }
}
