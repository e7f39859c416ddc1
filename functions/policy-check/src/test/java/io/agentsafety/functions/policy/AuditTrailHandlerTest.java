package io.agentsafety.functions.policy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.audit.AuditTrail;
import io.agentsafety.audit.AuditType;
import io.agentsafety.audit.RealFormatSecrets;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.agentsafety.core.aws.ContextPojoSerializer;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every decision of the gate lands in the audit trail (real handler, real API Gateway v2 events, real
 * Redis), without the secrets the request carried; an unwritable audit never turns a refusal into anything
 * else, and only in strict mode turns an allow into a 503.
 */
class AuditTrailHandlerTest {

    private static final String ALLOW = "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"pytest -x\"},\"run_id\":\"run-allow\"}";
    private static final String DENY = "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"sudo rm -rf / --no-preserve-root\"}}";
    private static final String APPROVAL = "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"production\",\"target\":\"api\"},\"actor\":\"agent-7\"}";

    private static LambdaHttp http;
    private static AuditTrail trail;

    @BeforeAll
    static void start() {
        RealFormatSecrets.check();
        http = handler(Map.of());
        trail = new AuditTrail(EmbeddedRedis.shared().uri());
    }

    @AfterAll
    static void stop() {
        http.close();
        trail.close();
    }

    private static LambdaHttp handler(Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("redis.uri", EmbeddedRedis.shared().uri(),
            "micronaut.server.port", -1, "micronaut.application.name", "policy-check"));
        properties.putAll(extra);
        return new LambdaHttp("policy-check", ApplicationContext.builder().properties(properties).start());
    }

    private static JsonNode decide(LambdaHttp handler, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.send(event);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return handler.body(response);
    }

    private static AuditTrail.Stored entryOf(JsonNode decision) {
        List<AuditTrail.Stored> found = trail.find(AuditType.POLICY_DECISION, decision.get("decision_id").getStringValue());
        assertEquals(1, found.size(), "one entry per decision");
        return found.get(0);
    }

    @Test
    void allowDenyAndApprovalDecisionsAreEachRecorded() {
        for (String request : List.of(ALLOW, DENY, APPROVAL)) {
            APIGatewayV2HTTPEvent event = ApiEvents.postJson("/api/v1/safety/check", request);
            JsonNode decision = decide(http, event);
            AuditTrail.Stored stored = entryOf(decision);
            assertEquals(decision.get("verdict").getStringValue(), stored.text("verdict"));
            assertEquals("policy-check", stored.text("function"));
            assertEquals(event.getRequestContext().getRequestId(), stored.text("request_id"));
            assertEquals(decision.get("action_type").getStringValue(), stored.entry().get("params").get("action_type").getStringValue());
            assertEquals(decision.get("risk_level").getStringValue(), stored.entry().get("detail").get("risk_level").getStringValue());
            List<String> rules = decision.get("matched_rules") == null ? List.of() : ruleIds(decision.get("matched_rules"));
            assertEquals(rules, stored.entry().get("rules") == null ? List.of() : ruleIds(stored.entry().get("rules")));
        }
        assertEquals("run-allow", entryOf(decide(http, ApiEvents.postJson("/api/v1/safety/check", ALLOW))).text("run_id"));
        AuditTrail.Stored approval = entryOf(decide(http, ApiEvents.postJson("/api/v1/safety/check", APPROVAL)));
        assertEquals("require_approval", approval.text("verdict"));
        assertEquals("agent-7", approval.text("actor"));
        assertEquals("production", approval.entry().get("params").get("params").get("environment").getStringValue());
    }

    @Test
    void theAuthenticatedCallerIsRecordedAsPrincipal() {
        APIGatewayV2HTTPEvent event = ApiEvents.postJson("/api/v1/safety/check", DENY);
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
        iam.setUserArn("arn:aws:sts::123456789012:assumed-role/agent-runner/session-1");
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setIam(iam);
        event.getRequestContext().setAuthorizer(authorizer);
        assertEquals("arn:aws:sts::123456789012:assumed-role/agent-runner/session-1", entryOf(decide(http, event)).text("principal"));
    }

    @Test
    void directInvokesAreRecordedWithTheLambdaRequestId() {
        try (PolicyCheckFunction function = new PolicyCheckFunction(ApplicationContext.builder()
                .properties(Map.of("redis.uri", EmbeddedRedis.shared().uri())).start())) {
            ContextPojoSerializer serializer = new ContextPojoSerializer();
            JsonNode input = serializer.fromJson(new ByteArrayInputStream(DENY.getBytes(StandardCharsets.UTF_8)), JsonNode.class);
            TestLambdaContext context = new TestLambdaContext("policy-check-direct");
            String decisionId = function.handleRequest(input, context).decisionId();
            List<AuditTrail.Stored> found = trail.find(AuditType.POLICY_DECISION, decisionId);
            assertEquals(1, found.size());
            assertEquals(context.getAwsRequestId(), found.get(0).text("request_id"));
            assertEquals("deny", found.get(0).text("verdict"));
        }
    }

    @Test
    void secretsInParamsMetadataActorAndRunIdNeverReachTheStream() {
        String command = RealFormatSecrets.command().replace("\"", "\\\"");
        decide(http, ApiEvents.postJson("/api/v1/safety/check", "{\"action_type\":\"execute_code\",\"params\":{\"command\":\""
            + command + "\"},\"run_id\":\"" + RealFormatSecrets.GITHUB_PAT + "\",\"actor\":\"bot " + RealFormatSecrets.STRIPE_KEY
            + "\",\"metadata\":{\"password\":\"" + RealFormatSecrets.PASSWORD + "\",\"aws_secret_access_key\":\""
            + RealFormatSecrets.AWS_SECRET_KEY + "\"}}"));
        decide(http, ApiEvents.postJson("/api/v1/safety/check", "{\"action_type\":\"network_access\",\"params\":{\"url\":\"https://admin:"
            + RealFormatSecrets.PASSWORD + "@example.com/?token=" + RealFormatSecrets.GITHUB_PAT + "\"}}"));
        assertTrue(trail.assertFreeOfSecrets(RealFormatSecrets.VALUES) >= 2);
    }

    @Test
    void anUnwritableAuditNeverChangesADecisionOutsideStrictMode() {
        try (LambdaHttp deadAudit = handler(Map.of("safety.audit.redis-uri", "redis://127.0.0.1:" + EmbeddedRedis.freePort()))) {
            JsonNode denied = decide(deadAudit, ApiEvents.postJson("/api/v1/safety/check", DENY));
            assertEquals("deny", denied.get("verdict").getStringValue());
            assertFalse(denied.get("allowed").getBooleanValue());
            JsonNode allowed = decide(deadAudit, ApiEvents.postJson("/api/v1/safety/check", ALLOW));
            assertEquals("allow", allowed.get("verdict").getStringValue());
            assertTrue(allowed.get("allowed").getBooleanValue());
            assertTrue(trail.find(AuditType.POLICY_DECISION, denied.get("decision_id").getStringValue()).isEmpty());
        }
    }

    @Test
    void strictModeRefusesAnUnrecordedAllowButStillReturnsRefusals() {
        try (LambdaHttp strictDead = handler(Map.of("safety.audit.required", true,
                "safety.audit.redis-uri", "redis://127.0.0.1:" + EmbeddedRedis.freePort()))) {
            APIGatewayV2HTTPResponse allow = strictDead.send(ApiEvents.postJson("/api/v1/safety/check", ALLOW));
            strictDead.assertProblem(allow, 503, null);
            assertEquals("audit_unavailable", strictDead.body(allow).get("code").getStringValue(), allow.getBody());
            assertFalse(allow.getBody().contains("\"allowed\":true"));
            assertEquals("deny", decide(strictDead, ApiEvents.postJson("/api/v1/safety/check", DENY)).get("verdict").getStringValue());
            assertEquals("require_approval", decide(strictDead, ApiEvents.postJson("/api/v1/safety/check", APPROVAL)).get("verdict").getStringValue());
        }
        try (LambdaHttp strictWorking = handler(Map.of("safety.audit.required", true))) {
            JsonNode allowed = decide(strictWorking, ApiEvents.postJson("/api/v1/safety/check", ALLOW));
            assertTrue(allowed.get("allowed").getBooleanValue());
            assertEquals(1, trail.find(AuditType.POLICY_DECISION, allowed.get("decision_id").getStringValue()).size());
        }
    }

    private static List<String> ruleIds(JsonNode rules) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        rules.values().forEach(rule -> out.add(rule.isString() ? rule.getStringValue() : rule.get("id").getStringValue()));
        return out;
    }
}
