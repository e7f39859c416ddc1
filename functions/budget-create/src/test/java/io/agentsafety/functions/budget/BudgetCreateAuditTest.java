package io.agentsafety.functions.budget;

import io.agentsafety.audit.AuditTrail;
import io.agentsafety.audit.AuditType;
import io.agentsafety.audit.RealFormatSecrets;
import io.agentsafety.budget.BudgetAuditFixture;
import io.agentsafety.budget.BudgetFunctionAuditTest;
import io.agentsafety.core.Ids;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /budget/create leaves one budget_mutation entry per call; a same-parameters retry is marked replayed. */
class BudgetCreateAuditTest extends BudgetFunctionAuditTest {

    @Override
    protected String function() {
        return "budget-create";
    }

    @Test
    void createsAndReplaysAreRecorded() {
        String runId = Ids.newId("run");
        String body = "{\"run_id\":\"" + runId + "\",\"limit\":\"10.50\",\"currency\":\"EUR\",\"metadata\":{\"team\":\"search\"}}";
        assertEquals(201, http.send("POST", "/api/v1/safety/budget/create", body).getStatusCode());
        assertEquals(200, http.send("POST", "/api/v1/safety/budget/create", body).getStatusCode());
        var entries = audit.mutations(runId, "create");
        assertEquals(2, entries.size());
        AuditTrail.Stored created = entries.get(0);
        assertEquals("created", created.text("verdict"));
        assertFalse(created.entry().get("replayed").getBooleanValue());
        assertEquals("budget-create", created.text("function"));
        assertTrue(created.text("request_id").startsWith("test-"));
        assertEquals("10.5", BudgetAuditFixture.number(created, "params", "limit"));
        assertEquals("EUR", created.entry().get("params").get("currency").getStringValue());
        assertEquals("search", created.entry().get("params").get("metadata").get("team").getStringValue());
        assertEquals("0", BudgetAuditFixture.number(created, "detail", "spent"));
        assertEquals("exists", entries.get(1).text("verdict"));
        assertTrue(entries.get(1).entry().get("replayed").getBooleanValue());
    }

    @Test
    void secretsInRunIdsAndMetadataNeverReachTheStream() {
        String marker = Ids.newId("m");
        // a run id that is a secret is refused outright (run ids are stored and echoed), and a refusal records nothing
        assertEquals(400, http.send("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + RealFormatSecrets.STRIPE_KEY
            + "\",\"limit\":1,\"metadata\":{\"marker\":\"" + marker + "-refused\"}}").getStatusCode());
        assertEquals(0, audit.trail().find(AuditType.BUDGET_MUTATION, marker + "-refused").size());
        assertEquals(201, http.send("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + Ids.newId("run")
            + "\",\"limit\":1,\"metadata\":{\"marker\":\"" + marker + "\",\"password\":\"" + RealFormatSecrets.PASSWORD
            + "\",\"aws_secret_access_key\":\"" + RealFormatSecrets.AWS_SECRET_KEY + "\",\"note\":\""
            + RealFormatSecrets.command().replace("\"", "\\\"") + "\",\"" + RealFormatSecrets.GITHUB_PAT + "\":\"x\"}}").getStatusCode());
        assertEquals(1, audit.trail().find(AuditType.BUDGET_MUTATION, marker).size());
        assertTrue(audit.trail().assertFreeOfSecrets(RealFormatSecrets.VALUES) >= 1);
    }
}
