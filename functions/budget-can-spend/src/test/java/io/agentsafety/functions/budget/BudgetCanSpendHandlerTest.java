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

/** POST /budget/can-spend. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetCanSpendHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-can-spend");
        http = fn.http();
        api = fn.api();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void answersAllowedWithAReason() throws IOException {
        String runId = fn.budget("3");
        JsonNode yes = http.body(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"" + runId + "\",\"amount\":3}"));
        assertTrue(yes.get("allowed").getBooleanValue());
        assertEquals("ok", yes.get("reason").getStringValue());
        JsonNode no = http.body(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"" + runId + "\",\"amount\":\"3.000001\"}"));
        assertFalse(no.get("allowed").getBooleanValue());
        assertEquals("insufficient_budget", no.get("reason").getStringValue());
        assertEquals("3", no.get("remaining").getValue().toString());
        fn.call(api::spend, "{\"run_id\":\"" + runId + "\",\"amount\":4}");
        JsonNode open = http.body(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"" + runId + "\",\"amount\":0.01}"));
        assertEquals("circuit_open", open.get("reason").getStringValue());
        JsonNode none = http.body(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"ghost\",\"amount\":1}"));
        assertFalse(none.get("allowed").getBooleanValue());
        assertEquals("budget_not_found", none.get("reason").getStringValue());
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/can-spend", "{\"run_id\":\"" + runId + "\"}"), 400, "amount");
    }
}
