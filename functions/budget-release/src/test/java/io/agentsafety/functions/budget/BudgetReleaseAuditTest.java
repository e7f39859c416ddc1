package io.agentsafety.functions.budget;

import io.agentsafety.audit.AuditTrail;
import io.agentsafety.budget.BudgetAuditFixture;
import io.agentsafety.budget.SettlementAuditContract;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST /budget/release: the settlement records that nothing stays reserved. */
class BudgetReleaseAuditTest extends SettlementAuditContract {

    @Override
    protected String function() {
        return "budget-release";
    }

    @Override
    protected String operation() {
        return "release";
    }

    @Override
    protected String moreFields() {
        return "";
    }

    @Override
    protected void assertSettlementDetail(AuditTrail.Stored settled) {
        assertEquals("0", BudgetAuditFixture.number(settled, "detail", "reserved"));
    }
}
