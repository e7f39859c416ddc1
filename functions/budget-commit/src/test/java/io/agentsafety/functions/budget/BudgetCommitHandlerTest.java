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
        JsonNode higher = http.body(http.send("POST", "/api/v1/safety/budget/commit",
            "{\"reservation_id\":\"" + id2 + "\",\"actual_amount\":7.8,\"allow_overrun\":true}"));
        assertEquals("11", higher.get("spent").getValue().toString());
        assertEquals("1", higher.get("overrun").getValue().toString());
        assertTrue(higher.get("exceeded").getBooleanValue());
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"rsv_nope\",\"actual_amount\":1}"), 400, "reservation_id");
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/commit",
            "{\"reservation_id\":\"" + id2 + "\",\"actual_amount\":1,\"allow_overrun\":\"yes\"}"), 400, "allow_overrun");
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/commit",
            "{\"reservation_id\":\"rsv_0123456789abcdefghij_" + runId + "\",\"actual_amount\":1}"), 404, null);
    }

    /** Issue 13 probe: actual_amount 50 on a reservation of 1 and a limit of 10 answered spent: 50. */
    @Test
    void aCommitPastTheLimitIs402ProblemJsonAndTheReservationStaysOpen() throws IOException {
        String runId = fn.budget("10");
        String id = (String) ((Map<?, ?>) fn.call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":1}").body()).get("reservation_id");
        APIGatewayV2HTTPResponse refused = http.send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"" + id + "\",\"actual_amount\":50}");
        http.assertProblem(refused, 402, null);
        JsonNode problem = http.body(refused);
        assertEquals("insufficient_budget", problem.get("code").getStringValue());
        assertTrue(problem.get("detail").getStringValue().contains("the reservation is still open"));
        assertEquals("0", problem.get("budget").get("spent").getValue().toString());
        assertEquals("1", problem.get("budget").get("reserved").getValue().toString());
        JsonNode reservation = problem.get("reservation");
        assertEquals(id, reservation.get("reservation_id").getStringValue());
        assertEquals("1", reservation.get("reserved_amount").getValue().toString());
        assertTrue(reservation.get("open").getBooleanValue());
        assertTrue(reservation.get("reservation_expires_at").getStringValue().endsWith("Z"));

        JsonNode committed = http.body(http.send("POST", "/api/v1/safety/budget/commit", "{\"reservation_id\":\"" + id + "\",\"actual_amount\":10}"));
        assertEquals("10", committed.get("spent").getValue().toString(), "the reservation plus what remained");
        assertEquals("0", committed.get("overrun").getValue().toString());
        assertFalse(committed.get("exceeded").getBooleanValue());
    }
}
