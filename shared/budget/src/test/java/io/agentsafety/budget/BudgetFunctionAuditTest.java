package io.agentsafety.budget;

import io.agentsafety.audit.RealFormatSecrets;
import io.agentsafety.testing.LambdaHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A budget function's audit test: its handler started on the shared embedded Redis ({@link BudgetFunctionFixture}),
 * the audit stream beside it ({@link BudgetAuditFixture}), and the planted secrets checked to be real formats first.
 * Published in this module's test-jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BudgetFunctionAuditTest {

    protected BudgetFunctionFixture fn;
    protected BudgetAuditFixture audit;
    protected LambdaHttp http;

    /** The function module under test ("budget-create"). */
    protected abstract String function();

    @BeforeAll
    void startFunction() {
        RealFormatSecrets.check();
        fn = BudgetFunctionFixture.start(function());
        http = fn.http();
        audit = new BudgetAuditFixture();
    }

    @AfterAll
    void stopFunction() {
        audit.close();
        fn.close();
    }
}
