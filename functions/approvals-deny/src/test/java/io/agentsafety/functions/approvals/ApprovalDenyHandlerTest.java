package io.agentsafety.functions.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.approvals.ApprovalFixture;
import io.agentsafety.approvals.SfnFake;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /approvals/{id}/deny through the real Lambda handler, real Redis, a local Step Functions endpoint. */
class ApprovalDenyHandlerTest {

    private static SfnFake sfn;
    private static ApprovalFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        sfn = SfnFake.start();
        fn = ApprovalFixture.start("approvals-deny", Map.of("safety.approvals.sfn.endpoint", sfn.endpoint()));
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
        sfn.close();
    }

    private static APIGatewayV2HTTPResponse deny(String id, String body) {
        return http.send(ApiEvents.request("POST", "/api/v1/safety/approvals/" + id + "/deny").json(body).build());
    }

    @Test
    void denialFailsTheTaskAndIsFinal() throws Exception {
        sfn.clear();
        String run = "run-" + System.nanoTime();
        String id = fn.requestDeploy("billing-api", run, "agent-7", "token-deny-1");
        APIGatewayV2HTTPResponse response = http.send(ApprovalFixture.withIam(
            ApiEvents.request("POST", "/api/v1/safety/approvals/" + id + "/deny").json("{\"comment\":\"not during the freeze\"}").build(),
            "arn:aws:iam::123456789012:user/dave"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = http.body(response);
        assertEquals("denied", body.get("result").getStringValue());
        assertEquals("denied", body.get("approval").get("status").getStringValue());
        assertEquals("arn:aws:iam::123456789012:user/dave", body.get("approval").get("denial").get("approver").getStringValue());
        assertEquals("sent", body.get("task_callback").getStringValue());

        List<SfnFake.Call> calls = sfn.awaitCalls(1, Duration.ofSeconds(5));
        calls.get(0).assertSigV4("SendTaskFailure");
        JsonNode sent = http.body(new APIGatewayV2HTTPResponse(200, null, null, null, calls.get(0).body(), false));
        assertEquals("ApprovalDenied", sent.get("error").getStringValue());
        assertEquals("token-deny-1", sent.get("taskToken").getStringValue());
        assertTrue(sent.get("cause").getStringValue().contains("not during the freeze"));

        // final: neither a second denial nor an approval, and re-checking with it is not an allow
        http.assertProblem(deny(id, "{\"approver\":\"erin\"}"), 409, null);
        assertEquals(409, org.junit.jupiter.api.Assertions.assertThrows(io.agentsafety.core.ProblemException.class, () -> fn.bean(
            io.agentsafety.approvals.ApprovalApi.class).approve(id, "{\"approver\":\"erin\"}".getBytes(StandardCharsets.UTF_8), null)).status());
        var recheck = fn.check(ApprovalFixture.deployCheck("billing-api", run, "agent-7", null, id));
        assertFalse(recheck.allowed());
        assertTrue(recheck.matchedRules().stream().anyMatch(r -> r.id().equals("approval.not_usable")));
    }

    @Test
    void aFailingStepFunctionsEndpointLeavesTheCallbackQueued() throws Exception {
        sfn.clear();
        sfn.failNext(500, "ServiceUnavailable");
        sfn.failNext(500, "ServiceUnavailable");
        sfn.failNext(500, "ServiceUnavailable");
        sfn.failNext(500, "ServiceUnavailable");
        String id = fn.requestDeploy("api", "run-" + System.nanoTime(), "agent-7", "token-deny-2");
        JsonNode body = http.body(deny(id, "{\"approver\":\"erin\"}"));
        assertEquals("denied", body.get("approval").get("status").getStringValue());
        assertEquals("queued", body.get("task_callback").getStringValue(), "the denial stands; the notifier retries the callback");
        assertEquals("pending", body.get("approval").get("task_callback").getStringValue());
        List<String> owed = fn.bean(io.agentsafety.approvals.ApprovalStore.class).due(io.agentsafety.approvals.ApprovalKeys.callbacks(),
            System.currentTimeMillis() + 3_600_000L, 1000);
        assertTrue(owed.contains(id), "the callback waits in the callback index for the notifier");
    }

    @Test
    void badInput() {
        String id = fn.requestDeploy("api", "run-" + System.nanoTime(), "agent-7", null);
        http.assertProblem(deny(id, "{\"approver\":\"erin\",\"extra\":true}"), 400, "extra");
        http.assertProblem(deny(id, "[]"), 400, "body");
        APIGatewayV2HTTPResponse notFound = deny("apr_etc-passwd", "{\"approver\":\"erin\"}");
        assertTrue(notFound.getStatusCode() == 404, notFound.getBody());
        assertFalse(new String(notFound.getBody().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("passwd"));
    }
}
