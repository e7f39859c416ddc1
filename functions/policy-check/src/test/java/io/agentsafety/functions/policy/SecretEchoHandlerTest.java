package io.agentsafety.functions.policy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.core.Ids;
import io.agentsafety.core.errors.InvalidRequest;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.PlantedSecrets;
import io.agentsafety.testing.PlantedSecrets.Planted;
import io.agentsafety.testing.SecretEchoes;
import io.agentsafety.testing.TestLambdaContext;
import io.agentsafety.core.aws.ContextPojoSerializer;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 §3 on the gate: real-format secrets planted in field names ({@code params.<key>}, unknown and
 * duplicate keys), URL paths, method names and the echoed {@code run_id}/{@code actor} come back redacted,
 * over the real API Gateway v2 handler and the direct-invoke handler.
 */
class SecretEchoHandlerTest {

    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        // a run id makes the gate read the run's breaker from the ledger
        System.setProperty("redis.uri", EmbeddedRedis.shared().uri());
        http = new LambdaHttp("policy-check");
    }

    @AfterAll
    static void stop() {
        http.close();
        System.clearProperty("redis.uri");
    }

    @Test
    void everyRouteOfTheFunction() {
        SecretEchoes.assertRouteEchoesNoSecret(http, "POST", "/api/v1/safety/check", true);
        SecretEchoes.assertRouteEchoesNoSecret(http, "GET", "/api/v1/safety/policy", false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void secretParamNamesAreNamedRedacted(Planted planted) {
        APIGatewayV2HTTPResponse response = http.send("POST", "/api/v1/safety/check",
            "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"dev\",\"" + planted.text() + "\":\"x\"}}");
        SecretEchoes.assertClean(http, response, planted, "params.<key>");
        assertEquals(400, response.getStatusCode());
        String field = http.body(response).get("errors").get(0).get("field").getStringValue();
        assertTrue(field.startsWith("params.") && field.contains("REDACTED"), field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void runIdAndActorComeBackRedacted(Planted planted) {
        // run_id has a strict alphabet (no '=', at most 128 characters): what does not fit goes to actor only
        boolean fits = Ids.isValidIdentifier(planted.text());
        String runId = fits ? planted.text() : "run-42";
        APIGatewayV2HTTPResponse response = http.send("POST", "/api/v1/safety/check",
            "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"ls\"},\"run_id\":\"" + runId
                + "\",\"actor\":\"agent " + planted.text() + "\"}");
        SecretEchoes.assertClean(http, response, planted, "decision");
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode decision = http.body(response);
        assertTrue(decision.get("actor").getStringValue().startsWith("agent ") && decision.get("actor").getStringValue().contains("[REDACTED:"), decision.get("actor").getStringValue());
        if (fits) {
            assertTrue(decision.get("run_id").getStringValue().contains("[REDACTED:"), decision.get("run_id").getStringValue());
        }
    }

    @Test
    void plainRunIdAndActorAreEchoedAsSent() {
        JsonNode decision = http.body(http.send("POST", "/api/v1/safety/check",
            "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"ls\"},\"run_id\":\"run-42\",\"actor\":\"agent-7\"}"));
        assertEquals("run-42", decision.get("run_id").getStringValue());
        assertEquals("agent-7", decision.get("actor").getStringValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void directInvokeErrorMessagesAreRedactedToo(Planted planted) {
        ContextPojoSerializer serializer = new ContextPojoSerializer();
        String input = "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"dev\"},\"" + planted.text() + "\":1}";
        try (PolicyCheckFunction function = new PolicyCheckFunction()) {
            JsonNode node = serializer.fromJson(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), JsonNode.class);
            InvalidRequest e = assertThrows(InvalidRequest.class,
                () -> function.handleRequest(node, new TestLambdaContext("policy-check-direct")));
            assertTrue(e.getMessage().contains("\"status\":400"), e.getMessage());
            PlantedSecrets.assertAbsent(planted, e.getMessage(), "direct-invoke error message");
            assertTrue(e.getMessage().contains("REDACTED"), e.getMessage());
        }
    }
}
