package io.agentsafety.functions.budget;

import io.agentsafety.audit.AuditTrail;
import io.agentsafety.audit.AuditType;
import io.agentsafety.audit.RealFormatSecrets;
import io.agentsafety.budget.BudgetAuditFixture;
import io.agentsafety.budget.BudgetFunctionAuditTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PATCH /budget/{run_id}: limit changes and breaker changes are recorded (breaker_change opened/closed). */
class BudgetUpdateAuditTest extends BudgetFunctionAuditTest {

    @Override
    protected String function() {
        return "budget-update";
    }

    @Test
    void limitAndBreakerChangesAreRecorded() {
        String runId = fn.budget("2");
        assertEquals(200, http.send("PATCH", "/api/v1/safety/budget/" + runId, "{\"circuit_open\":true}").getStatusCode());
        assertEquals(200, http.send("PATCH", "/api/v1/safety/budget/" + runId, "{\"circuit_open\":false,\"limit\":\"4.5\"}").getStatusCode());
        assertEquals(404, http.send("PATCH", "/api/v1/safety/budget/no-such-run-" + runId, "{\"limit\":1}").getStatusCode());

        List<AuditTrail.Stored> updates = audit.mutations(runId, "update");
        assertEquals(2, updates.size());
        assertTrue(updates.get(0).entry().get("params").get("circuit_open").getBooleanValue());
        assertEquals("ok", updates.get(1).text("verdict"));
        assertEquals("4.5", BudgetAuditFixture.number(updates.get(1), "params", "limit"));
        assertFalse(updates.get(1).entry().get("detail").get("circuit_open").getBooleanValue());
        List<String> breaker = audit.events(runId, AuditType.BREAKER_CHANGE).stream().map(s -> s.text("verdict")).toList();
        assertEquals(List.of("opened", "closed"), breaker);
        assertEquals("not_found", audit.mutation("no-such-run-" + runId, "update").text("verdict"));
    }

    @Test
    void secretsInPathRunIdsNeverReachTheStream() {
        // no budget can have a secret as its run id (create refuses it): a path holding one finds nothing
        String runId = RealFormatSecrets.STRIPE_KEY;
        assertEquals(404, http.send("PATCH", "/api/v1/safety/budget/" + runId, "{\"limit\":\"6\"}").getStatusCode());
        String opaque = io.agentsafety.core.Ids.newId("run");
        fn.call(fn.api()::create, "{\"run_id\":\"" + opaque + "\",\"limit\":5,\"metadata\":{\"api_key\":\"" + runId + "\"}}");
        assertEquals(200, http.send("PATCH", "/api/v1/safety/budget/" + opaque, "{\"limit\":\"6\"}").getStatusCode());
        assertTrue(audit.trail().assertFreeOfSecrets(RealFormatSecrets.VALUES) >= 2);
    }
}
