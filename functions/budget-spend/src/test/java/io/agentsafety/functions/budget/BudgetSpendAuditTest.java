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

/**
 * POST /budget/spend: each spend is a budget_mutation (refusals too, with their outcome), idempotent
 * replays are marked, and the thresholds and breaker it trips are threshold_event / breaker_change entries.
 */
class BudgetSpendAuditTest extends BudgetFunctionAuditTest {

    @Override
    protected String function() {
        return "budget-spend";
    }

    private int spend(String body) {
        return http.send("POST", "/api/v1/safety/budget/spend", body).getStatusCode();
    }

    @Test
    void spendsReplaysRefusalsThresholdsAndTheBreakerAreRecorded() {
        String runId = fn.budget("1.00");
        assertEquals(200, spend("{\"run_id\":\"" + runId + "\",\"amount\":\"0.6\",\"idempotency_key\":\"k-1\",\"description\":\"tokens\"}"));
        assertEquals(200, spend("{\"run_id\":\"" + runId + "\",\"amount\":\"0.6\",\"idempotency_key\":\"k-1\",\"description\":\"tokens\"}"));
        assertEquals(402, spend("{\"run_id\":\"" + runId + "\",\"amount\":\"0.5\",\"enforce\":true}"));
        assertEquals(200, spend("{\"run_id\":\"" + runId + "\",\"amount\":\"0.5\"}"));

        List<AuditTrail.Stored> spends = audit.mutations(runId, "spend");
        assertEquals(4, spends.size());
        assertEquals("ok", spends.get(0).text("verdict"));
        assertFalse(spends.get(0).entry().get("replayed").getBooleanValue());
        assertEquals("0.6", BudgetAuditFixture.number(spends.get(0), "params", "amount"));
        assertEquals("k-1", spends.get(0).entry().get("params").get("idempotency_key").getStringValue());
        assertEquals("tokens", spends.get(0).entry().get("params").get("description").getStringValue());
        assertTrue(spends.get(1).entry().get("replayed").getBooleanValue(), "the retry is marked as a replay");
        assertEquals("insufficient_budget", spends.get(2).text("verdict"));
        assertEquals("1.1", BudgetAuditFixture.number(spends.get(3), "detail", "spent"));

        List<AuditTrail.Stored> thresholds = audit.events(runId, AuditType.THRESHOLD_EVENT);
        List<String> crossed = thresholds.stream().filter(t -> "threshold_crossed".equals(t.text("verdict")))
            .map(t -> BudgetAuditFixture.number(t, "detail", "threshold")).toList();
        assertEquals(List.of("0.5", "0.8", "0.9", "1"), crossed, "each threshold once, the replay adds none");
        assertEquals(1, thresholds.stream().filter(t -> "exceeded".equals(t.text("verdict"))).count());
        List<AuditTrail.Stored> breaker = audit.events(runId, AuditType.BREAKER_CHANGE);
        assertEquals(1, breaker.size());
        assertEquals("opened", breaker.get(0).text("verdict"));
        assertTrue(breaker.get(0).entry().get("detail").get("circuit_open").getBooleanValue());
    }

    @Test
    void secretsInDescriptionsAndIdempotencyKeysNeverReachTheStream() {
        String runId = fn.budget("100");
        assertEquals(200, spend("{\"run_id\":\"" + runId + "\",\"amount\":1,\"idempotency_key\":\"" + RealFormatSecrets.GITHUB_PAT
            + "\",\"description\":\"" + RealFormatSecrets.command().replace("\"", "\\\"") + " password=" + RealFormatSecrets.PASSWORD + "\"}"));
        assertEquals(1, audit.mutations(runId, "spend").size());
        assertTrue(audit.trail().assertFreeOfSecrets(RealFormatSecrets.VALUES) >= 1);
    }
}
