package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /budget/spend with {@code safety.budget.redis.replica-acknowledgements} on and no replica to confirm: the
 * route's answer, through the real handler. The shared embedded Redis has no replica, so WAIT 1 returns 0 after its
 * timeout: the primary ran the spend, its survival of a failover is not known, and the caller must hear exactly
 * that (503, outcome unknown, retry with the same key) and never a 2xx. The retry, once replicas confirm again (here:
 * a function with the setting off), applies the spend once: it is replayed, not spent twice.
 */
class ReplicaAcknowledgementHandlerTest {

    private static final String SPEND = "/api/v1/safety/budget/spend";

    private static BudgetFunctionFixture plain;
    private static LambdaHttp acknowledged;

    @BeforeAll
    static void start() {
        plain = BudgetFunctionFixture.start("budget-spend");
        acknowledged = new LambdaHttp("budget-spend", ApplicationContext.builder().properties(Map.of(
            "redis.uri", EmbeddedRedis.shared().uri(),
            "micronaut.server.port", -1,
            "micronaut.application.name", "budget-spend",
            "safety.budget.redis.replica-acknowledgements", 1,
            "safety.budget.redis.replica-acknowledgement-timeout", "100ms")).start());
    }

    @AfterAll
    static void stop() {
        acknowledged.close();
        plain.close();
    }

    @Test
    void aSpendNoReplicaConfirmedIsA503WithAnUnknownOutcomeAndItsRetryAppliesItOnce() throws Exception {
        String runId = plain.budget("10");
        String request = "{\"run_id\":\"" + runId + "\",\"amount\":\"1.5\",\"idempotency_key\":\"replicated-1\",\"enforce\":true}";

        APIGatewayV2HTTPResponse unconfirmed = acknowledged.send("POST", SPEND, request);
        acknowledged.assertProblem(unconfirmed, 503, null);
        JsonNode problem = acknowledged.body(unconfirmed);
        assertEquals("ledger_outcome_unknown", problem.get("code").getStringValue());
        String detail = problem.get("detail").getStringValue();
        assertTrue(detail.contains("NOT known"), detail);
        assertTrue(detail.contains("same idempotency_key"), detail);
        assertFalse(unconfirmed.getBody().contains("redis://"), "no connection detail in the answer: " + unconfirmed.getBody());

        // the primary holds it: the retry with the key is a replay of that one spend, not a second one
        APIGatewayV2HTTPResponse retry = plain.http().send("POST", SPEND, request);
        assertEquals(200, retry.getStatusCode(), retry.getBody());
        assertEquals("true", plain.http().header(retry, "Idempotent-Replayed"));
        assertEquals("1.5", plain.http().body(retry).get("spent").getValue().toString());

        APIGatewayV2HTTPResponse next = plain.http().send("POST", SPEND,
            "{\"run_id\":\"" + runId + "\",\"amount\":\"0.5\",\"idempotency_key\":\"plain-2\"}");
        assertEquals(200, next.getStatusCode(), next.getBody());
        assertNull(plain.http().header(next, "Idempotent-Replayed"));
        assertEquals("2", plain.http().body(next).get("spent").getValue().toString(), "1.5 once, then 0.5");
    }
}
