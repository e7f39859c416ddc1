package io.agentsafety.functions.policy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the real API Gateway v2 Lambda handler with real events, as API Gateway would. */
class PolicyCheckHandlerTest {

    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        // require_approval decisions create approval requests in Redis (fail closed without it)
        System.setProperty("redis.uri", io.agentsafety.testing.EmbeddedRedis.shared().uri());
        http = new LambdaHttp("policy-check");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static APIGatewayV2HTTPResponse post(String body) {
        return http.send(ApiEvents.postJson("/api/v1/safety/check", body));
    }

    @Test
    void productionDeployRequiresApproval() throws IOException {
        APIGatewayV2HTTPResponse response = post("{\"action_type\":\"deploy\",\"params\":{\"environment\":\"Production\",\"target\":\"api\"},\"actor\":\"agent-7\"}");
        assertEquals(200, response.getStatusCode());
        assertTrue(http.header(response, "content-type").startsWith("application/json"));
        JsonNode decision = http.body(response);
        assertFalse(decision.get("allowed").getBooleanValue());
        assertTrue(decision.get("requires_approval").getBooleanValue());
        assertEquals("require_approval", decision.get("verdict").getStringValue());
        assertEquals("high", decision.get("risk_level").getStringValue());
        assertEquals("deploy.production_requires_approval", decision.get("matched_rules").get(0).get("id").getStringValue());
        assertTrue(decision.get("decision_id").getStringValue().startsWith("dec_"));
        assertEquals("agent-7", decision.get("actor").getStringValue());
    }

    @Test
    void stagingDeployIsAllowedAndUpperCaseEnumAccepted() throws IOException {
        JsonNode decision = http.body(post("{\"action_type\":\"DEPLOY\",\"params\":{\"environment\":\"staging\"}}"));
        assertTrue(decision.get("allowed").getBooleanValue());
        assertFalse(decision.get("requires_approval").getBooleanValue());
        assertEquals("allow", decision.get("verdict").getStringValue());
        assertEquals("deploy", decision.get("action_type").getStringValue());
        assertEquals(0, decision.get("matched_rules").size());
    }

    @Test
    void billingAboveThresholdNeedsApprovalAndBadAmountsAre400() throws IOException {
        JsonNode big = http.body(post("{\"action_type\":\"create_billing\",\"params\":{\"amount\":\"250.00\",\"currency\":\"usd\",\"customer\":\"cus_1\"}}"));
        assertEquals("require_approval", big.get("verdict").getStringValue());
        JsonNode small = http.body(post("{\"action_type\":\"create_billing\",\"params\":{\"amount\":12.5,\"currency\":\"EUR\",\"customer\":\"cus_1\"}}"));
        assertEquals("allow", small.get("verdict").getStringValue());
        for (String amount : new String[]{"0", "-5", "\"abc\"", "1.1234567", "\"NaN\"", "true", "1e13", "\"1,000\"", "\"12.5 USD\""}) {
            APIGatewayV2HTTPResponse response = post("{\"action_type\":\"create_billing\",\"params\":{\"amount\":" + amount
                + ",\"currency\":\"USD\",\"customer\":\"c\"}}");
            assertEquals(400, response.getStatusCode(), "amount " + amount);
            assertTrue(http.header(response, "content-type").startsWith("application/problem+json"));
            assertEquals("params.amount", http.body(response).get("errors").get(0).get("field").getStringValue(), "amount " + amount);
        }
    }

    @Test
    void deleteOfProtectedPathIsDeniedRecursiveElsewhereNeedsApproval() throws IOException {
        JsonNode root = http.body(post("{\"action_type\":\"delete_files\",\"params\":{\"paths\":[\"/tmp/x\",\"/etc/../etc/passwd\"]}}"));
        assertEquals("deny", root.get("verdict").getStringValue());
        assertEquals("critical", root.get("risk_level").getStringValue());
        assertEquals("/etc/passwd", root.get("matched_rules").get(0).get("evidence").getStringValue());
        JsonNode recursive = http.body(post("{\"action_type\":\"delete_files\",\"params\":{\"path\":\"./build\",\"recursive\":true}}"));
        assertEquals("require_approval", recursive.get("verdict").getStringValue());
        JsonNode plain = http.body(post("{\"action_type\":\"delete_files\",\"params\":{\"paths\":[\"./build/app.log\"]}}"));
        assertEquals("allow", plain.get("verdict").getStringValue());
        JsonNode git = http.body(post("{\"action_type\":\"delete_files\",\"params\":{\"paths\":[\"repo/.git\"],\"recursive\":true}}"));
        assertEquals("deny", git.get("verdict").getStringValue());
    }

    @Test
    void invalidRequestsAreProblemJsonNamingTheField() throws IOException {
        APIGatewayV2HTTPResponse unknownType = post("{\"action_type\":\"launch_missiles\",\"params\":{}}");
        assertEquals(400, unknownType.getStatusCode());
        assertEquals("application/problem+json", http.header(unknownType, "content-type"));
        JsonNode problem = http.body(unknownType);
        assertEquals(400, problem.get("status").getIntValue());
        assertEquals("action_type", problem.get("errors").get(0).get("field").getStringValue());

        JsonNode missing = http.body(post("{\"params\":{}}"));
        assertEquals("action_type", missing.get("errors").get(0).get("field").getStringValue());

        JsonNode notJson = http.body(post("{\"action_type\": deploy"));
        assertEquals("body", notJson.get("errors").get(0).get("field").getStringValue());

        JsonNode duplicate = http.body(post("{\"action_type\":\"deploy\",\"action_type\":\"execute_code\",\"params\":{}}"));
        assertTrue(duplicate.get("detail").getStringValue().contains("duplicate key"), duplicate.toString());
        assertEquals("action_type", duplicate.get("errors").get(0).get("field").getStringValue());

        JsonNode typo = http.body(post("{\"action_type\":\"deploy\",\"params\":{\"enviroment\":\"prod\"}}"));
        assertEquals(2, typo.get("errors").size());
    }

    @Test
    void wrongMethodIs405UnknownPathIs404OversizeIs413() throws IOException {
        APIGatewayV2HTTPResponse wrongMethod = http.send(ApiEvents.get("/api/v1/safety/check"));
        assertEquals(405, wrongMethod.getStatusCode());
        assertEquals("application/problem+json", http.header(wrongMethod, "content-type"));
        assertEquals("method_not_allowed", http.body(wrongMethod).get("code").getStringValue());

        APIGatewayV2HTTPResponse unknown = http.send(ApiEvents.get("/api/v1/safety/nope"));
        assertEquals(404, unknown.getStatusCode());
        assertEquals("application/problem+json", http.header(unknown, "content-type"));

        String huge = "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}}";
        APIGatewayV2HTTPResponse tooLarge = post(huge);
        assertEquals(413, tooLarge.getStatusCode());
        assertEquals("application/problem+json", http.header(tooLarge, "content-type"));
        assertEquals("payload_too_large", http.body(tooLarge).get("code").getStringValue());
    }

    @Test
    void aBodyWithoutContentLengthIsMeasuredByTheFilterToo() throws IOException {
        // API Gateway may hand a Lambda its body without a Content-Length; the filter measures the body itself,
        // plain or base64-encoded, so no controller has to check sizes
        String huge = "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}}";
        APIGatewayV2HTTPEvent plain = ApiEvents.postJson("/api/v1/safety/check", huge);
        plain.getHeaders().remove("content-length");
        APIGatewayV2HTTPResponse tooLarge = http.send(plain);
        assertEquals(413, tooLarge.getStatusCode());
        assertEquals("payload_too_large", http.body(tooLarge).get("code").getStringValue());
        assertFalse(tooLarge.getBody().contains("xxxxxxxx"));

        APIGatewayV2HTTPEvent encoded = ApiEvents.request("POST", "/api/v1/safety/check")
            .binaryBody("application/json", huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
        encoded.getHeaders().remove("content-length");
        assertEquals(413, http.send(encoded).getStatusCode());

        APIGatewayV2HTTPEvent small = ApiEvents.postJson("/api/v1/safety/check", "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"staging\"}}");
        small.getHeaders().remove("content-length");
        APIGatewayV2HTTPResponse allowed = http.send(small);
        assertEquals(200, allowed.getStatusCode());
        assertTrue(http.body(allowed).get("allowed").getBooleanValue());
    }

    @Test
    void effectivePolicyIsShown() throws IOException {
        APIGatewayV2HTTPResponse response = http.send(ApiEvents.get("/api/v1/safety/policy"));
        assertEquals(200, response.getStatusCode());
        JsonNode policy = http.body(response);
        assertTrue(policy.get("actions").get("execute_code").get("enabled").getBooleanValue());
        assertNotNull(policy.get("deploy").get("approval_environments"));
        assertEquals("100", policy.get("billing").get("approval_threshold").getValue().toString());
    }
}
