package io.agentsafety.functions.policy;

import io.agentsafety.core.errors.InvalidRequest;
import io.agentsafety.policy.Decision;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.agentsafety.core.aws.ContextPojoSerializer;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct-invoke handler as the Lambda Java runtime drives it: the registered
 * {@code CustomPojoSerializer} turns the input JSON into the handler's input type and the output back
 * into JSON.
 */
class PolicyCheckFunctionTest {

    @org.junit.jupiter.api.BeforeAll
    static void redis() {
        // require_approval decisions create approval requests in Redis (fail closed without it)
        System.setProperty("redis.uri", io.agentsafety.testing.EmbeddedRedis.shared().uri());
    }

    private final ContextPojoSerializer serializer = new ContextPojoSerializer();

    private String invoke(PolicyCheckFunction function, String input) {
        JsonNode node = serializer.fromJson(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), JsonNode.class);
        Decision decision = function.handleRequest(node, new TestLambdaContext("policy-check-direct"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(decision, out, Decision.class);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void decidesLikeTheHttpRouteAndOmitsNulls() {
        // a run id on a money-costing action makes the gate read the run's breaker from the ledger
        try (PolicyCheckFunction function = new PolicyCheckFunction(ApplicationContext.builder()
                .properties(Map.of("redis.uri", EmbeddedRedis.shared().uri())).start())) {
            String output = invoke(function, "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"prod\"},\"run_id\":\"run-1\"}");
            assertTrue(output.contains("\"verdict\":\"require_approval\""), output);
            assertTrue(output.contains("\"run_id\":\"run-1\""), output);
            assertFalse(output.contains("null"), output);
        }
    }

    @Test
    void invalidInputFailsTheInvocationWithTheFieldNamed() {
        try (PolicyCheckFunction function = new PolicyCheckFunction()) {
            InvalidRequest e = assertThrows(InvalidRequest.class,
                () -> invoke(function, "{\"action_type\":\"create_billing\",\"params\":{\"amount\":-1,\"currency\":\"USD\",\"customer\":\"c\"}}"));
            assertTrue(e.getMessage().contains("\"status\":400"), e.getMessage());
            assertTrue(e.getMessage().contains("\"field\":\"params.amount\""), e.getMessage());
        }
    }

    @Test
    void disabledActionTypeIsDeniedWithAClearReason() {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("safety.policy.actions.deploy.enabled", "false")).start();
             PolicyCheckFunction function = new PolicyCheckFunction(context)) {
            String output = invoke(function, "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"dev\"}}");
            assertTrue(output.contains("\"verdict\":\"deny\""), output);
            assertTrue(output.contains("disabled by policy"), output);
        }
    }
}
