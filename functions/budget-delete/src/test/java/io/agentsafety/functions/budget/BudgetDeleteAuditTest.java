package io.agentsafety.functions.budget;

import io.agentsafety.audit.RealFormatSecrets;
import io.agentsafety.budget.BudgetFunctionAuditTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DELETE /budget/{run_id}: the deletion (and a delete of nothing) is a budget_mutation. */
class BudgetDeleteAuditTest extends BudgetFunctionAuditTest {

    @Override
    protected String function() {
        return "budget-delete";
    }

    @Test
    void deletionsAreRecorded() {
        String runId = fn.budget("2");
        assertEquals(204, http.send("DELETE", "/api/v1/safety/budget/" + runId, null).getStatusCode());
        assertEquals(404, http.send("DELETE", "/api/v1/safety/budget/" + runId, null).getStatusCode());
        var deletes = audit.mutations(runId, "delete");
        assertEquals(2, deletes.size());
        assertEquals("deleted", deletes.get(0).text("verdict"));
        assertEquals("budget-delete", deletes.get(0).text("function"));
        assertEquals("not_found", deletes.get(1).text("verdict"));
    }

    @Test
    void secretsInPathRunIdsNeverReachTheStream() {
        // no budget can have a secret as its run id (create refuses it), so a path holding one finds nothing
        String runId = RealFormatSecrets.GITHUB_PAT;
        assertEquals(404, http.send("DELETE", "/api/v1/safety/budget/" + runId, null).getStatusCode());
        String opaque = io.agentsafety.core.Ids.newId("run");
        fn.call(fn.api()::create, "{\"run_id\":\"" + opaque + "\",\"limit\":5,\"metadata\":{\"token\":\"" + runId + "\"}}");
        assertEquals(204, http.send("DELETE", "/api/v1/safety/budget/" + opaque, null).getStatusCode());
        assertTrue(audit.trail().assertFreeOfSecrets(RealFormatSecrets.VALUES) >= 2);
    }
}
