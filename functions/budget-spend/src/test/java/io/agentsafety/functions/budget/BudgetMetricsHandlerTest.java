package io.agentsafety.functions.budget;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.EmfCapture;
import io.agentsafety.testing.LambdaHttp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Spends, refusals, breaker trips and errors, read back from the EMF lines the real budget-spend handler writes. */
class BudgetMetricsHandlerTest {

    private static final String SPEND = "/api/v1/safety/budget/spend";

    @Test
    void spendsRefusalsAndABreakerTripAreCountedOnceEach() {
        try (BudgetFunctionFixture fn = BudgetFunctionFixture.start("budget-spend"); EmfCapture emf = EmfCapture.start()) {
            LambdaHttp http = fn.http();
            String runId = fn.budget("1.00");
            assertEquals(200, http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":0.5,\"idempotency_key\":\"k1\"}").getStatusCode());
            assertEquals(200, http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":0.5,\"idempotency_key\":\"k1\"}").getStatusCode(),
                "a replay");
            http.assertProblem(http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":0.6,\"enforce\":true}"), 402, null);
            assertEquals(200, http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":5}").getStatusCode(),
                "recorded past the limit: the breaker opens");
            http.assertProblem(http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":0.01,\"enforce\":true}"), 402, null);

            assertEquals(2, emf.sum("Spends", Map.of("FunctionName", "budget-spend")), "the replay is not a second spend");
            assertEquals(1, emf.sum("SpendRefusals", Map.of("Reason", "insufficient_budget")));
            assertEquals(1, emf.sum("SpendRefusals", Map.of("Reason", "circuit_open")));
            assertEquals(1, emf.sum("BreakerTrips", Map.of()));
            assertEquals(2, emf.sum("Errors", Map.of("StatusClass", "4xx", "Status", "402")));
            assertEquals(5, emf.sum("Requests", Map.of()));
            assertEquals(5, emf.values("Latency", Map.of()).size());
            for (JsonNode line : emf.lines()) {
                assertFalse(line.toString().contains(runId), "no run id in a metric line: " + line);
            }
        }
    }

    @Test
    void redisDownIsA503Error() {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        redis.stop();
        System.setProperty("redis.uri", redis.uri());
        try (LambdaHttp http = new LambdaHttp("budget-spend"); EmfCapture emf = EmfCapture.start()) {
            http.assertProblem(http.send("POST", SPEND, "{\"run_id\":\"" + Ids.newId("run") + "\",\"amount\":0.1}"), 503, null);
            assertEquals(1, emf.sum("Errors", Map.of("StatusClass", "5xx", "Status", "503", "FunctionName", "budget-spend")));
            assertEquals(0, emf.sum("Spends", Map.of()));
            assertEquals(0, emf.sum("SpendRefusals", Map.of()));
        } finally {
            System.clearProperty("redis.uri");
        }
    }
}
