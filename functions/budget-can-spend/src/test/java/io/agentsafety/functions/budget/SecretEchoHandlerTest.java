package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.PlantedSecrets.Planted;
import io.agentsafety.testing.SecretEchoes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 13 §3 on POST /api/v1/safety/budget/can-spend: real-format secrets planted in unknown and duplicate keys, URL paths (404) and
 * method names (405) are not echoed by the real Lambda handler; the errors keep their status and still name
 * the field, redacted (see {@link SecretEchoes}).
 */
class SecretEchoHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-can-spend");
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void everyRouteOfTheFunction() {
        SecretEchoes.assertRouteEchoesNoSecret(http, "POST", "/api/v1/safety/budget/can-spend", true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void aSecretRunIdIsNotEchoed(Planted planted) {
        // can-spend answers 200 even without a budget, echoing the run id it was asked about
        String runId = Ids.isValidIdentifier(planted.text()) ? planted.text() : "run-x" + planted.text().hashCode();
        APIGatewayV2HTTPResponse response = http.send("POST", "/api/v1/safety/budget/can-spend",
            "{\"run_id\":\"" + runId + "\",\"amount\":1}");
        SecretEchoes.assertClean(http, response, planted, "can-spend");
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertFalse(http.body(response).get("allowed").getBooleanValue());
    }
}
