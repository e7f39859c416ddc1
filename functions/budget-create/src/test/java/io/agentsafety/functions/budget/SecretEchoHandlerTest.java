package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.budget.StoredText;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.PlantedSecrets;
import io.agentsafety.testing.PlantedSecrets.Planted;
import io.agentsafety.testing.SecretEchoes;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 §3 on POST /budget/create: secrets in field names, paths and method names are not echoed, and
 * budget metadata (keys and values) is stored redacted, so Redis, the create answer and every later status
 * hold the same redacted text.
 */
class SecretEchoHandlerTest {

    private static final String CREATE = "/api/v1/safety/budget/create";
    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-create");
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void everyRouteOfTheFunction() {
        SecretEchoes.assertRouteEchoesNoSecret(http, "POST", CREATE, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void metadataIsStoredAndReturnedRedacted(Planted planted) throws Exception {
        String runId = Ids.newId("run");
        String request = "{\"run_id\":\"" + runId + "\",\"limit\":\"10\",\"metadata\":{\"team\":\"search\",\""
            + planted.text() + "\":\"by key\",\"note\":\"" + planted.text() + "\"}}";
        APIGatewayV2HTTPResponse created = http.send("POST", CREATE, request);
        SecretEchoes.assertClean(http, created, planted, "create");
        assertEquals(201, created.getStatusCode(), created.getBody());
        JsonNode metadata = http.body(created).get("metadata");
        assertEquals("search", metadata.get("team").getStringValue(), "plain metadata is kept as sent");
        assertTrue(metadata.get("note").getStringValue().contains("[REDACTED:"), created.getBody());
        assertEquals(3, metadata.size(), "the secret key is kept, redacted: " + created.getBody());

        APIGatewayV2HTTPResponse again = http.send("POST", CREATE, request);
        assertEquals(200, again.getStatusCode(), "the same request again is still a replay: " + again.getBody());
        assertEquals(created.getBody().length(), again.getBody().length());

        String status = String.valueOf(fn.api().status(runId).body());
        PlantedSecrets.assertAbsent(planted, status, "status");
        PlantedSecrets.assertAbsent(planted, StoredText.of(runId), "Redis");
        assertTrue(StoredText.of(runId).contains("search"), "the test reads the stored metadata");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void aSecretRunIdIsRefusedWithoutBeingEchoed(Planted planted) {
        if (!Ids.isValidIdentifier(planted.text())) {
            return; // the identifier alphabet already refuses it (covered by the route table)
        }
        APIGatewayV2HTTPResponse response = http.send("POST", CREATE, "{\"run_id\":\"" + planted.text() + "\",\"limit\":\"1\"}");
        SecretEchoes.assertClean(http, response, planted, "create with a secret run id");
        http.assertProblem(response, 400, "run_id");
        assertTrue(StoredText.of(planted.text()).isEmpty(), "nothing stored under the secret");
    }

    @Test
    void twoSecretKeysThatRedactAlikeAreRefusedNotMerged() {
        String other = "ghp_" + "Z9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gFeDcBa";
        APIGatewayV2HTTPResponse response = http.send("POST", CREATE, "{\"run_id\":\"" + Ids.newId("run")
            + "\",\"limit\":\"10\",\"metadata\":{\"" + PlantedSecrets.GITHUB_PAT.text() + "\":\"a\",\"" + other + "\":\"b\"}}");
        SecretEchoes.assertClean(http, response, PlantedSecrets.GITHUB_PAT, "collision");
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("metadata.[REDACTED:"), response.getBody());
        assertTrue(!response.getBody().contains(other.substring(8)), response.getBody());
    }
}
