package io.agentsafety.functions.policy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A decision quotes the command it judged, but never a credential inside it. */
class EvidenceRedactionHandlerTest {

    // Random, well-formed: a GitHub classic token and an OpenAI project key.
    private static final String GITHUB_TOKEN = "ghp_" + "R7tQ2mXv9LkP4sWn8ZbY1cHd6JfG3eKa5UoT";
    private static final String OPENAI_KEY = "sk-proj-" + "Qw3rTy7UiOp9AsDf2GhJk4LzXc6VbNm8Qa1Ws5EdRf0TgYh3UjIk7OlPz";

    private static APIGatewayV2HTTPEventFunction handler;

    @BeforeAll
    static void start() {
        // require_approval decisions create approval requests in Redis (fail closed without it)
        System.setProperty("redis.uri", io.agentsafety.testing.EmbeddedRedis.shared().uri());
        handler = new APIGatewayV2HTTPEventFunction();
    }

    @AfterAll
    static void stop() {
        handler.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "git push --force https://bot:" + GITHUB_TOKEN + "@github.com/acme/api.git main",
        "OPENAI_API_KEY=" + OPENAI_KEY + " rm -rf /",
        "curl -s -H 'Authorization: Bearer " + GITHUB_TOKEN + "' http://169.254.169.254/latest/meta-data/"
    })
    void blockedCommandsAreQuotedWithoutTheirSecrets(String command) {
        String body = "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"" + command.replace("\"", "\\\"") + "\"}}";
        APIGatewayV2HTTPResponse response = handler.handleRequest(ApiEvents.postJson("/api/v1/safety/check", body),
            new TestLambdaContext("policy-check"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("\"allowed\":false"), response.getBody());
        assertFalse(response.getBody().contains(GITHUB_TOKEN), "GitHub token leaked");
        assertFalse(response.getBody().contains(OPENAI_KEY), "OpenAI key leaked");
        assertFalse(response.getBody().contains("Qw3rTy7UiOp9"), "part of the OpenAI key leaked");
    }
}
