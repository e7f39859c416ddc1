package io.agentsafety.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.Decision;
import io.agentsafety.policy.PolicyEngine;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.context.ApplicationContext;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One approval function's real Lambda handler in a context on a real Redis (the shared embedded one unless a URI
 * is given), with the SDK pointed at static test credentials. Approvals are created the way {@code /check} creates
 * them: through the real {@link PolicyEngine} and its approval gate. Published in this module's test-jar for the
 * approval functions' handler tests.
 */
public final class ApprovalFixture implements AutoCloseable {

    private final ApplicationContext context;
    private final LambdaHttp http;

    private ApprovalFixture(ApplicationContext context, String functionName) {
        this.context = context;
        this.http = new LambdaHttp(functionName, context);
    }

    public static ApprovalFixture start(String functionName, Map<String, Object> properties) {
        System.setProperty("aws.accessKeyId", SfnFake.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SfnFake.SECRET_KEY);
        Map<String, Object> all = new HashMap<>();
        all.put("redis.uri", EmbeddedRedis.shared().uri());
        all.put("micronaut.server.port", -1);
        all.put("safety.approvals.sfn.region", "eu-west-1");
        all.putAll(properties);
        return new ApprovalFixture(ApplicationContext.builder().properties(all).start(), functionName);
    }

    public LambdaHttp http() {
        return http;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A check through the real gate, as {@code POST /check} runs it. */
    public Decision check(String json) {
        return context.getBean(PolicyEngine.class).check(JsonFields.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A new pending approval of a production deploy of {@code target} by {@code actor}; returns its id. */
    public String requestDeploy(String target, String runId, String actor, String taskToken) {
        Decision decision = check(deployCheck(target, runId, actor, taskToken, null));
        if (decision.approvalId() == null) {
            throw new AssertionError("no approval requested: " + decision);
        }
        return decision.approvalId();
    }

    public static String deployCheck(String target, String runId, String actor, String taskToken, String approvalId) {
        return "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"production\",\"target\":\"" + target + "\"}"
            + (runId == null ? "" : ",\"run_id\":\"" + runId + "\"")
            + (actor == null ? "" : ",\"actor\":\"" + actor + "\"")
            + (taskToken == null ? "" : ",\"task_token\":\"" + taskToken + "\"")
            + (approvalId == null ? "" : ",\"approval_id\":\"" + approvalId + "\"") + "}";
    }

    /** Moves an approval's expiry into the past (record and expiry index), as if its time had run out. */
    public void expireNow(String id) {
        long past = System.currentTimeMillis() - 1;
        context.getBean(LedgerConnection.class).eval(
            "redis.call('HSET', KEYS[1], 'expires_ms', ARGV[1]) return 'OK'", new String[]{ApprovalKeys.record(id)}, Long.toString(past));
        context.getBean(LedgerConnection.class).eval(
            "redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[2]) return 'OK'", new String[]{ApprovalKeys.expiry()}, Long.toString(past), id);
    }

    /** An API Gateway v2 event whose request context carries an IAM authorizer naming this principal. */
    public static APIGatewayV2HTTPEvent withIam(APIGatewayV2HTTPEvent event, String userArn) {
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
            .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                .withAccessKey("ASIATESTACCESSKEY").withAccountId("123456789012").withCallerId("AROATESTROLE:session")
                .withUserArn(userArn).withUserId("AROATESTROLE:session").build())
            .build());
        return event;
    }

    /** An API Gateway v2 event whose request context carries a JWT authorizer with this subject. */
    public static APIGatewayV2HTTPEvent withJwt(APIGatewayV2HTTPEvent event, String subject) {
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
            .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                .withClaims(Map.of("sub", subject, "iss", "https://issuer.example.test")).withScopes(java.util.List.of("approvals")).build())
            .build());
        return event;
    }

    @Override
    public void close() {
        http.close();
        if (context.isRunning()) {
            context.close();
        }
    }
}
