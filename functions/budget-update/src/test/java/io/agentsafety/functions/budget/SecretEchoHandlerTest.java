package io.agentsafety.functions.budget;

import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.SecretEchoes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 §3 on PATCH /api/v1/safety/budget/{run_id}: real-format secrets planted in unknown and duplicate keys, URL paths (404) and
 * method names (405) are not echoed by the real Lambda handler; the errors keep their status and still name
 * the field, redacted (see {@link SecretEchoes}).
 */
class SecretEchoHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-update");
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void everyRouteOfTheFunction() {
        SecretEchoes.assertRouteEchoesNoSecret(http, "PATCH", "/api/v1/safety/budget/run-echo", true);
    }
}
