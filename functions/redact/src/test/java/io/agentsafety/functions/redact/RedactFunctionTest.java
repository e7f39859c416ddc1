package io.agentsafety.functions.redact;

import io.agentsafety.core.errors.InvalidRequest;
import io.agentsafety.testing.TestLambdaContext;
import io.agentsafety.core.aws.ContextPojoSerializer;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The direct-invoke handler as the Lambda Java runtime drives it (CustomPojoSerializer in and out). */
class RedactFunctionTest {

    private static final String TOKEN = "glpat-" + "Zx8Qm2Rt5Yw7Lp3Nv9Kc";

    private final ContextPojoSerializer serializer = new ContextPojoSerializer();

    private String invoke(RedactFunction function, String input) {
        JsonNode node = serializer.fromJson(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), JsonNode.class);
        RedactResponse response = function.handleRequest(node, new TestLambdaContext("redact-direct"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(response, out, RedactResponse.class);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void redactsLikeTheHttpRoute() {
        try (RedactFunction function = new RedactFunction()) {
            String output = invoke(function, "{\"text\":\"PRIVATE-TOKEN: " + TOKEN + "\"}");
            assertTrue(output.contains("\"redacted\":\"PRIVATE-TOKEN: [REDACTED:gitlab_pat]\""), output);
            assertTrue(output.contains("\"count\":1"), output);
            assertFalse(output.contains(TOKEN), output);
        }
    }

    @Test
    void invalidInputFailsTheInvocationNamingTheField() {
        try (RedactFunction function = new RedactFunction()) {
            InvalidRequest e = assertThrows(InvalidRequest.class, () -> invoke(function, "{\"text\":\"a\",\"kinds\":[\"nope\"]}"));
            assertTrue(e.getMessage().startsWith("{") && e.getMessage().contains("\"status\":400"), e.getMessage());
            assertTrue(e.getMessage().contains("\"field\":\"kinds[0]\""), e.getMessage());
        }
    }

    @Test
    void theResponseLimitCountsTheDirectOutputWithoutTheApiGatewayEnvelope() {
        try (RedactFunction function = new RedactFunction()) {
            // 2.9 M quotes are 5.8 MB of output here (11.6 MB behind API Gateway, where the same text is a 413)
            String fits = invoke(function, "{\"text\":\"" + "\\\"".repeat(2_900_000) + "\"}");
            assertTrue(fits.length() > 5_800_000 && fits.length() < ResponseSize.LAMBDA_RESPONSE_LIMIT, "output " + fits.length());
            InvalidRequest tooLarge = assertThrows(InvalidRequest.class,
                () -> invoke(function, "{\"text\":\"" + "\\\"".repeat(3_200_000) + "\"}"));
            assertTrue(tooLarge.getMessage().contains("\"status\":413"), tooLarge.getMessage());
            assertTrue(tooLarge.getMessage().contains("\"field\":\"text\""), tooLarge.getMessage());
        }
    }
}
