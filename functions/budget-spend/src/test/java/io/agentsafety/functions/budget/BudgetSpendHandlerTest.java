package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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

/** POST /budget/spend. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetSpendHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-spend");
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void spendsAreExactAndEnforcedOnesAnswer402() throws IOException {
        String runId = fn.budget("1.00");
        http.send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + runId + "\",\"amount\":0.1}");
        APIGatewayV2HTTPResponse second = http.send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + runId + "\",\"amount\":\"0.2\"}");
        assertEquals(200, second.getStatusCode());
        assertTrue(second.getBody().contains("\"spent\":0.3,"), second.getBody());
        assertTrue(second.getBody().contains("\"remaining\":0.7,"), second.getBody());

        APIGatewayV2HTTPResponse refused = http.send("POST", "/api/v1/safety/budget/spend",
            "{\"run_id\":\"" + runId + "\",\"amount\":0.700001,\"enforce\":true}");
        http.assertProblem(refused, 402, null);
        JsonNode problem = http.body(refused);
        assertEquals("https://agentsafety.io/problems/insufficient_budget", problem.get("type").getStringValue());
        assertEquals("Insufficient budget", problem.get("title").getStringValue());
        assertEquals(402, problem.get("status").getIntValue());
        assertTrue(problem.get("detail").getStringValue().contains("nothing was recorded"));
        assertEquals("insufficient_budget", problem.get("code").getStringValue());
        assertEquals("0.3", problem.get("budget").get("spent").getValue().toString(), "the budget status as an extension member");
        assertEquals("0.7", problem.get("budget").get("remaining").getValue().toString());
        assertEquals("no-store", http.header(refused, "Cache-Control"));

        APIGatewayV2HTTPResponse over = http.send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + runId + "\",\"amount\":5}");
        assertTrue(http.body(over).get("circuit_open").getBooleanValue());
        APIGatewayV2HTTPResponse open = http.send("POST", "/api/v1/safety/budget/spend",
            "{\"run_id\":\"" + runId + "\",\"amount\":0.01,\"enforce\":true}");
        http.assertProblem(open, 402, null);
        assertEquals("circuit_open", http.body(open).get("code").getStringValue());
        assertEquals("Budget circuit open", http.body(open).get("title").getStringValue());
        assertTrue(http.body(open).get("budget").get("circuit_open").getBooleanValue());
    }

    @Test
    void retriesWithAnIdempotencyKeyReplay() throws IOException {
        String runId = fn.budget("10");
        String request = "{\"run_id\":\"" + runId + "\",\"amount\":\"1.25\",\"idempotency_key\":\"call-1\",\"enforce\":true}";
        APIGatewayV2HTTPResponse first = http.send("POST", "/api/v1/safety/budget/spend", request);
        assertNull(http.header(first, "Idempotent-Replayed"));
        APIGatewayV2HTTPResponse retry = http.send("POST", "/api/v1/safety/budget/spend", request);
        assertEquals(200, retry.getStatusCode());
        assertEquals("true", http.header(retry, "Idempotent-Replayed"));
        assertEquals(first.getBody(), retry.getBody());
        assertEquals("1.25", http.body(retry).get("spent").getValue().toString());
        APIGatewayV2HTTPResponse different = http.send("POST", "/api/v1/safety/budget/spend",
            "{\"run_id\":\"" + runId + "\",\"amount\":\"2\",\"idempotency_key\":\"call-1\",\"enforce\":true}");
        http.assertProblem(different, 409, null);
        assertEquals("idempotency_conflict", http.body(different).get("code").getStringValue());
    }

    @Test
    void unknownRunIs404AndBadAmountsAre400() throws IOException {
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"nobody-here\",\"amount\":1}"), 404, null);
        for (String amount : new String[]{"1.1234567", "1000000000001", "\"NaN\"", "\"ten\"", "false", "0", "-2"}) {
            http.assertProblem(http.send("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"r\",\"amount\":" + amount + "}"), 400, "amount");
        }
    }
}
