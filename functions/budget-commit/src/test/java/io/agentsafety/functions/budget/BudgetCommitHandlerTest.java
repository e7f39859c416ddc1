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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /budget/commit. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetCommitHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-commit");
        http = fn.http();
        api = fn.api();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void commitsTheActualAmountOnce() throws IOException {
        String runId = fn.budget("10");
        String id = (String) ((Map<?, ?>) fn.call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":5}").body()).get("reservation_id");
        String request = "{\"reservation_id\":\"" + id + "\",\"actual_amount\":\"3.2\"}";
        APIGatewayV2HTTPResponse committed = http.send("POST", "/api/v1/safety/budget/commit", request);
        assertEquals(200, committed.getStatusCode());
        JsonNode status = http.body(committed);
        assertEquals("3.2", status.get("spent").getValue().toString());
        assertEquals("0", status.get("reserved").getValue().toString());
        assertEquals("5", status.get("reserved_amount").getValue().toString());
        APIGatewayV2HTTPResponse retry = http.send("POST", "/api/v1/safety/budget/commit", request);
        assertEquals("true", http.header(retry, "Idempotent-Replayed"));
        assertEquals("3.2", http.body(retry).get("spent").getValue().toString());
        APIGatewayV2HTTPResponse different = http.send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"" + id + "\",\"actual_amount\":4}");
        http.assertProblem(different, 409, null);
        assertEquals("reservation_settled", http.body(different).get("code").getStringValue());

        String id2 = (String) ((Map<?, ?>) fn.call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":1}").body()).get("reservation_id");
        JsonNode higher = http.body(http.send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"" + id2 + "\",\"actual_amount\":7.8}"));
        assertEquals("11", higher.get("spent").getValue().toString());
        assertTrue(higher.get("exceeded").getBooleanValue());
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"rsv_nope\",\"actual_amount\":1}"), 400, "reservation_id");
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/commit",
            "{\"reservation_id\":\"rsv_0123456789abcdefghij_" + runId + "\",\"actual_amount\":1}"), 404, null);
    }
}
