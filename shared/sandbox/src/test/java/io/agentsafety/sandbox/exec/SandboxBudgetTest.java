package io.agentsafety.sandbox.exec;

import io.agentsafety.budget.BudgetEvents;
import io.agentsafety.budget.BudgetLedger;
import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LedgerOutcome;
import io.agentsafety.budget.LedgerScripts;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A safe execute's reservation reads the ledger's typed outcome: an answer it does not know never lets a sandbox start. */
class SandboxBudgetTest {

    /** The 13 snapshot values and an empty outbox, as a ledger script appends them. */
    private static final String SNAPSHOT = "\n10.000000\n0.000000\n1.000000\n0\n0\n0\n1700000000000\n1700000600000\nUSD\n1699999999000\n{}\n\n\n";

    private static SandboxBudget budgetAnswering(String answer) {
        BudgetSettings settings = BudgetSettings.defaults();
        LedgerConnection connection = (LedgerConnection) Proxy.newProxyInstance(LedgerConnection.class.getClassLoader(),
            new Class<?>[]{LedgerConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                case "evalsha", "eval" -> answer;
                case "cluster", "functions" -> false; // served by EVALSHA, as a forwarding wrapper is
                case "commandTimeout" -> null;
                default -> throw new UnsupportedOperationException(method.getName());
            });
        LedgerScripts scripts = new LedgerScripts(connection, settings);
        return new SandboxBudget(new BudgetLedger(scripts, new BudgetEvents(connection, scripts, settings), settings), false);
    }

    @Test
    void aCreatedReservationIsHeldByItsId() {
        String id = "rsv_0123456789abcdefghij_run-1";
        SandboxBudget.Reservation held = budgetAnswering("created\n0\n" + id + "|1.000000|1700000300000\n" + SNAPSHOT)
            .reserve("run-1", 1_000_000, 60);
        assertEquals(new SandboxBudget.Reservation(id, "run-1", 1_000_000), held);
    }

    @Test
    void anUnknownOutcomeOrAMalformedReservationFailsClosed() {
        assertThrows(LedgerOutcome.UnknownLedgerOutcomeException.class,
            () -> budgetAnswering("allowed\n0\n\n" + SNAPSHOT).reserve("run-1", 1_000_000, 60));
        assertThrows(LedgerOutcome.UnknownLedgerOutcomeException.class,
            () -> budgetAnswering("created\n0\nrsv_1\n" + SNAPSHOT).reserve("run-1", 1_000_000, 60));
        assertThrows(IllegalStateException.class,
            () -> budgetAnswering("deleted\n0\n\n").reserve("run-1", 1_000_000, 60), "an outcome a reserve never has");
    }
}
