package io.agentsafety.functions.redact;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.PlantedSecrets.Planted;
import io.agentsafety.testing.SecretEchoes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 §3 on POST /redact: secrets planted in field names ({@code env.<key>}, unknown and duplicate keys),
 * URL paths and method names are not echoed by the real Lambda handler.
 */
class SecretEchoHandlerTest {

    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        http = new LambdaHttp("redact");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void everyRouteOfTheFunction() {
        SecretEchoes.assertRouteEchoesNoSecret(http, "POST", "/api/v1/safety/redact", true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.agentsafety.testing.PlantedSecrets#all")
    void aSecretEnvNameIsNamedRedacted(Planted planted) {
        // a non-string value makes env.<key> an invalid field, whose path the error must name
        APIGatewayV2HTTPResponse response = http.send("POST", "/api/v1/safety/redact",
            "{\"text\":\"hello\",\"env\":{\"" + planted.text() + "\":7}}");
        SecretEchoes.assertClean(http, response, planted, "env.<key>");
        assertEquals(400, response.getStatusCode(), response.getBody());
        String field = http.body(response).get("errors").get(0).get("field").getStringValue();
        assertTrue(field.startsWith("env.") && field.contains("REDACTED"), field);
    }
}
