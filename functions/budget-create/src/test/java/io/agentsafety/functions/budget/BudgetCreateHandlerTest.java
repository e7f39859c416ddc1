package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.core.Ids;
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

/** POST /budget/create. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetCreateHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-create");
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void createsThenReplaysThenConflicts() throws IOException {
        String runId = Ids.newId("run");
        String request = "{\"run_id\":\"" + runId + "\",\"limit\":\"25.50\",\"metadata\":{\"team\":\"search\"}}";
        APIGatewayV2HTTPResponse created = http.send("POST", "/api/v1/safety/budget/create", request);
        assertEquals(201, created.getStatusCode());
        assertTrue(http.header(created, "content-type").startsWith("application/json"));
        JsonNode status = http.body(created);
        assertEquals(runId, status.get("run_id").getStringValue());
        assertEquals("25.5", status.get("limit").getValue().toString());
        assertEquals("0", status.get("spent").getValue().toString());
        assertEquals("USD", status.get("currency").getStringValue());
        assertFalse(status.get("circuit_open").getBooleanValue());
        assertEquals(4, status.get("thresholds").size());
        assertNull(http.header(created, "Idempotent-Replayed"));

        APIGatewayV2HTTPResponse again = http.send("POST", "/api/v1/safety/budget/create", request);
        assertEquals(200, again.getStatusCode());
        assertEquals("true", http.header(again, "Idempotent-Replayed"));
        assertEquals(status.get("created_at").getStringValue(), http.body(again).get("created_at").getStringValue());

        APIGatewayV2HTTPResponse conflict = http.send("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + runId + "\",\"limit\":30}");
        http.assertProblem(conflict, 409, null);
        assertEquals("budget_conflict", http.body(conflict).get("code").getStringValue());
    }

    @Test
    void invalidRequestsName400Fields() throws IOException {
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"r1\",\"limit\":1.0000001}"), 400, "limit");
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"r1\",\"limit\":\"1e3\"}"), 400, "limit");
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/create", "{\"limit\":10}"), 400, "run_id");
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"r1\",\"limit\":10,\"thresholds\":[0]}"), 400, "thresholds[0]");
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/create", "not json"), 400, "body");
        http.assertProblem(http.send("GET", "/api/v1/safety/budget/create", null), 405, null);
    }
}
