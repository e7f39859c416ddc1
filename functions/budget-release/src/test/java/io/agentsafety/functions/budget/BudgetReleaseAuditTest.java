package io.agentsafety.functions.budget;

import io.agentsafety.audit.AuditTrail;
import io.agentsafety.audit.RealFormatSecrets;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetAuditFixture;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.testing.LambdaHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /budget/release: the settlement is a budget_mutation carrying the reservation id; a retry is marked replayed. */
class BudgetReleaseAuditTest {

    private static BudgetFunctionFixture fn;
    private static BudgetAuditFixture audit;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        RealFormatSecrets.check();
        fn = BudgetFunctionFixture.start("budget-release");
        http = fn.http();
        audit = new BudgetAuditFixture();
    }

    @AfterAll
    static void stop() {
        audit.close();
        fn.close();
    }

    private static String reservation(String runId) {
        BudgetApi api = fn.api();
        return ((java.util.Map<?, ?>) fn.call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":1}").body())
            .get("reservation_id").toString();
    }

    @Test
    void settlementsAndRetriesAreRecorded() {
        String runId = fn.budget("3");
        String reservationId = reservation(runId);
        String body = "{\"reservation_id\":\"" + reservationId + "\"}";
        assertEquals(200, http.send("POST", "/api/v1/safety/budget/release", body).getStatusCode());
        assertEquals(200, http.send("POST", "/api/v1/safety/budget/release", body).getStatusCode());
        List<AuditTrail.Stored> settled = audit.mutations(runId, "release");
        assertEquals(2, settled.size());
        assertEquals("ok", settled.get(0).text("verdict"));
        assertEquals(reservationId, settled.get(0).text("reservation_id"));
        assertFalse(settled.get(0).entry().get("replayed").getBooleanValue());
        assertEquals("0", BudgetAuditFixture.number(settled.get(0), "detail", "reserved"));
        assertTrue(settled.get(1).entry().get("replayed").getBooleanValue());
    }

    @Test
    void secretsInReservationIdsNeverReachTheStream() {
        // run ids cannot be secrets (create refuses them), so no real reservation id embeds one; a forged id that
        // holds a secret is refused without a trace, and a real settlement leaves the stream free of secrets
        int refused = http.send("POST", "/api/v1/safety/budget/release", "{\"reservation_id\":\"res_" + RealFormatSecrets.GITHUB_PAT
            + "\"}").getStatusCode();
        assertTrue(refused == 400 || refused == 404, "a forged reservation id is a clean 4xx: " + refused);
        String runId = fn.budget("5");
        String reservationId = reservation(runId);
        assertEquals(200, http.send("POST", "/api/v1/safety/budget/release", "{\"reservation_id\":\"" + reservationId + "\"}").getStatusCode());
        assertTrue(audit.trail().assertFreeOfSecrets(RealFormatSecrets.VALUES) >= 2);
    }
}
