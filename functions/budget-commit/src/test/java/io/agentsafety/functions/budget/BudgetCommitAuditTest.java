package io.agentsafety.functions.budget;

import io.agentsafety.audit.AuditTrail;
import io.agentsafety.budget.BudgetAuditFixture;
import io.agentsafety.budget.SettlementAuditContract;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST /budget/commit: the settlement records the amount asked for and the amount spent. */
class BudgetCommitAuditTest extends SettlementAuditContract {

    @Override
    protected String function() {
        return "budget-commit";
    }

    @Override
    protected String operation() {
        return "commit";
    }

    @Override
    protected String moreFields() {
        return ",\"actual_amount\":\"0.75\"";
    }

    @Override
    protected void assertSettlementDetail(AuditTrail.Stored settled) {
        assertEquals("0.75", BudgetAuditFixture.number(settled, "params", "actual_amount"));
        assertEquals("0.75", BudgetAuditFixture.number(settled, "detail", "spent"));
    }
}
