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

/** POST /budget/reserve. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetReserveHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-reserve");
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void reservesReplaysAndRefuses() throws IOException {
        String runId = fn.budget("10");
        String request = "{\"run_id\":\"" + runId + "\",\"amount\":\"6\",\"ttl_seconds\":120,\"idempotency_key\":\"exec-1\"}";
        APIGatewayV2HTTPResponse created = http.send("POST", "/api/v1/safety/budget/reserve", request);
        assertEquals(201, created.getStatusCode());
        JsonNode reservation = http.body(created);
        assertTrue(reservation.get("reservation_id").getStringValue().startsWith("rsv_"));
        assertEquals("6", reservation.get("reserved").getValue().toString());
        assertEquals("4", reservation.get("remaining").getValue().toString());
        assertTrue(reservation.get("reservation_expires_at").getStringValue().endsWith("Z"));

        APIGatewayV2HTTPResponse retry = http.send("POST", "/api/v1/safety/budget/reserve", request);
        assertEquals("true", http.header(retry, "Idempotent-Replayed"));
        assertEquals(reservation.get("reservation_id").getStringValue(), http.body(retry).get("reservation_id").getStringValue());

        APIGatewayV2HTTPResponse refused = http.send("POST", "/api/v1/safety/budget/reserve", "{\"run_id\":\"" + runId + "\",\"amount\":4.01}");
        http.assertProblem(refused, 402, null);
        assertEquals("insufficient_budget", http.body(refused).get("code").getStringValue());
        assertTrue(http.body(refused).get("detail").getStringValue().contains("nothing was reserved"));
        assertEquals("6", http.body(refused).get("budget").get("reserved").getValue().toString());
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/reserve", "{\"run_id\":\"" + runId + "\",\"amount\":1,\"ttl_seconds\":0}"), 400, "ttl_seconds");
        http.assertProblem(http.send("POST", "/api/v1/safety/budget/reserve", "{\"run_id\":\"ghost\",\"amount\":1}"), 404, null);
    }
}
