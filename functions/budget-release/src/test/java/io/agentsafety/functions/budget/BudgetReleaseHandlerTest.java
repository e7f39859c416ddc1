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

/** POST /budget/release. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetReleaseHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-release");
        http = fn.http();
        api = fn.api();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void releasesTheWholeReservation() throws IOException {
        String runId = fn.budget("10");
        String id = (String) ((Map<?, ?>) fn.call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":9}").body()).get("reservation_id");
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
