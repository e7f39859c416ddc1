package io.agentsafety.functions.budget;

import io.agentsafety.audit.AuditTrail;
import io.agentsafety.audit.RealFormatSecrets;
import io.agentsafety.budget.BudgetAuditFixture;
import io.agentsafety.budget.BudgetFunctionAuditTest;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /budget/reserve: each reservation (and refusal) is a budget_mutation with its reservation id; replays marked. */
class BudgetReserveAuditTest extends BudgetFunctionAuditTest {

    @Override
    protected String function() {
        return "budget-reserve";
    }

    @Test
    void reservationsReplaysAndRefusalsAreRecorded() {
        String runId = fn.budget("5");
        String body = "{\"run_id\":\"" + runId + "\",\"amount\":2,\"ttl_seconds\":120,\"idempotency_key\":\"r-1\"}";
        APIGatewayV2HTTPResponse first = http.send("POST", "/api/v1/safety/budget/reserve", body);
        assertEquals(201, first.getStatusCode());
        String reservationId = http.body(first).get("reservation_id").getStringValue();
        assertEquals(201, http.send("POST", "/api/v1/safety/budget/reserve", body).getStatusCode());
        assertEquals(402, http.send("POST", "/api/v1/safety/budget/reserve", "{\"run_id\":\"" + runId + "\",\"amount\":4}").getStatusCode());

        List<AuditTrail.Stored> reserves = audit.mutations(runId, "reserve");
        assertEquals(3, reserves.size());
        assertEquals("created", reserves.get(0).text("verdict"));
        assertEquals(reservationId, reserves.get(0).text("reservation_id"));
        assertFalse(reserves.get(0).entry().get("replayed").getBooleanValue());
        assertEquals("2", BudgetAuditFixture.number(reserves.get(0), "params", "amount"));
        assertEquals("120", BudgetAuditFixture.number(reserves.get(0), "params", "ttl_seconds"));
        assertEquals("2", BudgetAuditFixture.number(reserves.get(0), "detail", "reserved"));
        assertTrue(reserves.get(1).entry().get("replayed").getBooleanValue());
        assertEquals(reservationId, reserves.get(1).text("reservation_id"));
        assertEquals("insufficient_budget", reserves.get(2).text("verdict"));
    }

    @Test
    void secretsInIdempotencyKeysNeverReachTheStream() {
        String runId = fn.budget("5");
        assertEquals(201, http.send("POST", "/api/v1/safety/budget/reserve", "{\"run_id\":\"" + runId
            + "\",\"amount\":1,\"idempotency_key\":\"" + RealFormatSecrets.STRIPE_KEY + "\"}").getStatusCode());
        assertEquals(1, audit.mutations(runId, "reserve").size());
        assertTrue(audit.trail().assertFreeOfSecrets(RealFormatSecrets.VALUES) >= 1);
    }
}
