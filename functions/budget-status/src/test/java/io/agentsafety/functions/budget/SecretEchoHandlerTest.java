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

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 §3 on GET /budget/{run_id}: metadata created with secrets in its keys and values comes back
 * redacted; a secret used as the path's run id, as another path or as the method name is not echoed.
 */
class SecretEchoHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-status");
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void everyRouteOfTheFunction() {
        SecretEchoes.assertRouteEchoesNoSecret(http, "GET", "/api/v1/safety/budget/run-echo", false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void createdMetadataComesBackRedacted(Planted planted) {
        String runId = Ids.newId("run");
        fn.api().create(("{\"run_id\":\"" + runId + "\",\"limit\":\"5\",\"metadata\":{\"" + planted.text()
            + "\":\"k\",\"ci\":\"" + planted.text() + "\"}}").getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse status = http.send("GET", "/api/v1/safety/budget/" + runId, null);
        SecretEchoes.assertClean(http, status, planted, "status");
        assertEquals(200, status.getStatusCode(), status.getBody());
        assertTrue(http.body(status).get("metadata").get("ci").getStringValue().contains("[REDACTED:"), status.getBody());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void aSecretRunIdInThePathIsNotEchoed(Planted planted) {
        APIGatewayV2HTTPResponse response = http.send("GET", "/api/v1/safety/budget/" + planted.text().replace("=", "%3D"), null);
        SecretEchoes.assertClean(http, response, planted, "status of a secret run id");
        assertTrue(response.getStatusCode() == 400 || response.getStatusCode() == 404, response.getBody());
    }
}
