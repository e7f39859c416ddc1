package io.agentsafety.budget;

import io.agentsafety.audit.AuditTrail;
import io.agentsafety.audit.RealFormatSecrets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What settling a reservation leaves in the audit trail, for each route that settles one (budget-commit,
 * budget-release): a budget_mutation carrying the reservation id, a retry marked replayed, and no secret from a forged
 * reservation id. Each function's test names its route and what its settlement records.
 */
public abstract class SettlementAuditContract extends BudgetFunctionAuditTest {

    /** The last path segment of the route ("commit", "release"), also the audit operation. */
    protected abstract String operation();

    /** The request's fields after reservation_id (",\"actual_amount\":\"0.75\"" or none). */
    protected abstract String moreFields();

    /** What the first settlement's audit entry records beyond the common fields. */
    protected abstract void assertSettlementDetail(AuditTrail.Stored settled);

    private String reservation(String runId) {
        BudgetApi api = fn.api();
        return ((Map<?, ?>) fn.call(api::reserve, "{\"run_id\":\"" + runId + "\",\"amount\":1}").body()).get("reservation_id").toString();
    }

    private int settle(String reservationId) {
        return http.send("POST", "/api/v1/safety/budget/" + operation(),
            "{\"reservation_id\":\"" + reservationId + "\"" + moreFields() + "}").getStatusCode();
    }

    @Test
    void settlementsAndRetriesAreRecorded() {
        String runId = fn.budget("3");
        String reservationId = reservation(runId);
        assertEquals(200, settle(reservationId));
        assertEquals(200, settle(reservationId));
        List<AuditTrail.Stored> settled = audit.mutations(runId, operation());
        assertEquals(2, settled.size());
        assertEquals("ok", settled.get(0).text("verdict"));
        assertEquals(reservationId, settled.get(0).text("reservation_id"));
        assertFalse(settled.get(0).entry().get("replayed").getBooleanValue());
        assertSettlementDetail(settled.get(0));
        assertTrue(settled.get(1).entry().get("replayed").getBooleanValue());
    }

    @Test
    void secretsInReservationIdsNeverReachTheStream() {
        // run ids cannot be secrets (create refuses them), so no real reservation id embeds one; a forged id that
        // holds a secret is refused without a trace, and a real settlement leaves the stream free of secrets
        int refused = settle("res_" + RealFormatSecrets.GITHUB_PAT);
        assertTrue(refused == 400 || refused == 404, "a forged reservation id is a clean 4xx: " + refused);
        String runId = fn.budget("5");
        assertEquals(200, settle(reservation(runId)));
        assertTrue(audit.trail().assertFreeOfSecrets(RealFormatSecrets.VALUES) >= 2);
    }
}
