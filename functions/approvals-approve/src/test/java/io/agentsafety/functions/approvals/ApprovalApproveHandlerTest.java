package io.agentsafety.functions.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.approvals.ApprovalFixture;
import io.agentsafety.approvals.SfnFake;
import io.agentsafety.audit.AuditTrail;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /approvals/{id}/approve through the real Lambda handler, real API Gateway v2 events, real Redis, a local SFN. */
class ApprovalApproveHandlerTest {

    private static SfnFake sfn;
    private static ApprovalFixture fn;
    private static ApprovalFixture twoApprovers;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        sfn = SfnFake.start();
        fn = ApprovalFixture.start("approvals-approve", Map.of("safety.approvals.sfn.endpoint", sfn.endpoint()));
        twoApprovers = ApprovalFixture.start("approvals-approve", Map.of("safety.approvals.sfn.endpoint", sfn.endpoint(),
            "safety.approvals.required-approvers.deploy", "2"));
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
        twoApprovers.close();
        sfn.close();
    }

    private static APIGatewayV2HTTPEvent approveEvent(String id, String body) {
        ApiEvents request = ApiEvents.request("POST", "/api/v1/safety/approvals/" + id + "/approve");
        if (body != null) {
            request.json(body);
        }
        return request.build();
    }

    private static String run() {
        return "run-" + System.nanoTime();
    }

    @Test
    void authenticatedCallerIsTheApproverAndTheTaskTokenIsAnswered() throws Exception {
        sfn.clear();
        String id = fn.requestDeploy("billing-api", run(), "agent-7", "token-approve-1");
        String arn = "arn:aws:sts::123456789012:assumed-role/oncall/alice";
        APIGatewayV2HTTPResponse response = http.send(ApprovalFixture.withIam(approveEvent(id,
            "{\"approver\":\"mallory\",\"comment\":\"ship it\"}"), arn));
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = http.body(response);
        assertEquals("approved", body.get("result").getStringValue());
        assertEquals("sent", body.get("task_callback").getStringValue());
        JsonNode approval = body.get("approval");
        assertEquals("approved", approval.get("status").getStringValue());
        assertEquals(arn, approval.get("approvals").get(0).get("approver").getStringValue(), "the authorizer wins over the body");
        assertEquals("ship it", approval.get("approvals").get(0).get("comment").getStringValue());
        assertTrue(approval.get("has_task_token").getBooleanValue());
        assertFalse(response.getBody().contains("token-approve-1"), "the task token never leaves the service");

        List<SfnFake.Call> calls = sfn.awaitCalls(1, Duration.ofSeconds(5));
        assertEquals(1, calls.size());
        calls.get(0).assertSigV4("SendTaskSuccess");
        JsonNode sent = fn.http().body(new APIGatewayV2HTTPResponse(200, null, null, null, calls.get(0).body(), false));
        assertEquals("token-approve-1", sent.get("taskToken").getStringValue());
        String output = sent.get("output").getStringValue();
        assertTrue(output.contains("\"approval_id\":\"" + id + "\"") && output.contains("\"status\":\"approved\"")
            && output.contains(arn), output);

        // decided: a second approval and a denial are both refused
        http.assertProblem(http.send(approveEvent(id, "{\"approver\":\"bob\"}")), 409, null);
        ProblemException deny = assertThrows(ProblemException.class, () -> fn.bean(ApprovalApi.class)
            .deny(id, "{\"approver\":\"bob\"}".getBytes(StandardCharsets.UTF_8), null));
        assertEquals(409, deny.status());
    }

    @Test
    void everyTransitionIsInTheAuditTrailWithoutTheTaskToken() throws Exception {
        String runId = run();
        String id = fn.requestDeploy("audited-api", runId, "agent-7", "token-audit-secret-1");
        assertEquals(200, http.send(approveEvent(id, "{\"approver\":\"alice\"}")).getStatusCode());
        try (AuditTrail trail = new AuditTrail(EmbeddedRedis.shared().uri())) {
            List<AuditTrail.Stored> transitions = trail.forRun(runId).stream()
                .filter(e -> "approval_transition".equals(e.text("type"))).toList();
            assertEquals(List.of("pending", "approved"), transitions.stream().map(e -> e.text("verdict")).toList(),
                transitions.toString());
            for (AuditTrail.Stored entry : transitions) {
                assertEquals(id, entry.text("approval_id"));
                assertEquals("agent-7", entry.text("actor"));
                assertFalse(entry.raw().contains("token-audit-secret-1"), "no task token in the audit: " + entry.raw());
            }
            JsonNode approved = transitions.get(1).entry().get("detail");
            assertEquals("alice", approved.get("by").getStringValue());
            assertEquals("pending", approved.get("from").getStringValue());
            assertEquals("deploy", approved.get("action_type").getStringValue());
        }
    }

    @Test
    void jwtSubjectIsTheApproverAndTheRequesterCannotApprove() throws Exception {
        String id = fn.requestDeploy("api", run(), "agent-7", null);
        http.assertProblem(http.send(approveEvent(id, "{\"approver\":\"Agent-7\"}")), 403, null);
        http.assertProblem(http.send(ApprovalFixture.withJwt(approveEvent(id, "{\"approver\":\"someone-else\"}"), "agent-7")), 403, null);
        assertEquals("self_approval", http.body(http.send(approveEvent(id, "{\"approver\":\"agent-7\"}"))).get("code").getStringValue());

        APIGatewayV2HTTPResponse ok = http.send(ApprovalFixture.withJwt(approveEvent(id, "{}"), "user|carol"));
        assertEquals(200, ok.getStatusCode(), ok.getBody());
        assertEquals("user|carol", http.body(ok).get("approval").get("approvals").get(0).get("approver").getStringValue());
        assertNull(http.body(ok).get("task_callback"), "no task token, no callback");
    }

    @Test
    void twoDistinctApproversAreNeededAndTheSameOneCountsOnce() throws Exception {
        LambdaHttp two = twoApprovers.http();
        String id = twoApprovers.requestDeploy("api", run(), "agent-7", null);
        JsonNode first = two.body(two.send(approveEvent(id, "{\"approver\":\"alice\"}")));
        assertEquals("counted", first.get("result").getStringValue());
        assertEquals("pending", first.get("approval").get("status").getStringValue());
        assertEquals(2, first.get("approval").get("required_approvers").getIntValue());
        JsonNode again = two.body(two.send(approveEvent(id, "{\"approver\":\"ALICE\"}")));
        assertEquals("already_counted", again.get("result").getStringValue());
        assertEquals(1, again.get("approval").get("approvals").size());
        assertEquals("pending", again.get("approval").get("status").getStringValue());
        JsonNode second = two.body(two.send(approveEvent(id, "{\"approver\":\"bob\"}")));
        assertEquals("approved", second.get("result").getStringValue());
        assertEquals(2, second.get("approval").get("approvals").size());
    }

    @Test
    void racingApproversMakeExactlyOneFinalTransition() throws Exception {
        for (ApprovalFixture fixture : List.of(fn, twoApprovers)) {
            String id = fixture.requestDeploy("race", run(), "agent-7", null);
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<APIGatewayV2HTTPResponse>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String approver = "approver-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return fixture.http().send(approveEvent(id, "{\"approver\":\"" + approver + "\"}"));
                }));
            }
            go.countDown();
            int approved = 0;
            int conflicts = 0;
            int counted = 0;
            for (Future<APIGatewayV2HTTPResponse> result : results) {
                APIGatewayV2HTTPResponse response = result.get();
                if (response.getStatusCode() == 409) {
                    conflicts++;
                } else {
                    assertEquals(200, response.getStatusCode(), response.getBody());
                    String outcome = fixture.http().body(response).get("result").getStringValue();
                    approved += "approved".equals(outcome) ? 1 : 0;
                    counted += "counted".equals(outcome) ? 1 : 0;
                }
            }
            pool.shutdown();
            assertEquals(1, approved, "exactly one final transition");
            assertEquals(fixture == fn ? 0 : 1, counted);
            assertEquals(threads - 1 - counted, conflicts);
        }
    }

    @Test
    void expiredRequestsCannotBeApproved() throws Exception {
        sfn.clear();
        String id = fn.requestDeploy("late", run(), "agent-7", "token-late");
        fn.expireNow(id);
        APIGatewayV2HTTPResponse late = http.send(approveEvent(id, "{\"approver\":\"alice\"}"));
        http.assertProblem(late, 409, null);
        assertEquals("approval_not_pending", http.body(late).get("code").getStringValue());
        assertTrue(http.body(late).get("detail").getStringValue().contains("expired"));
    }

    @Test
    void badInputIsNamedAndUnknownIdsAre404WithoutEcho() throws Exception {
        String id = fn.requestDeploy("input", run(), "agent-7", null);
        APIGatewayV2HTTPResponse bad = http.send(approveEvent(id, "{\"approver\":\"\",\"coment\":\"typo\",\"comment\":7}"));
        http.assertProblem(bad, 400, null);
        JsonNode errors = http.body(bad).get("errors");
        List<String> fields = new ArrayList<>();
        errors.values().forEach(e -> fields.add(e.get("field").getStringValue()));
        assertTrue(fields.containsAll(List.of("approver", "coment", "comment")), fields.toString());
        http.assertProblem(http.send(approveEvent(id, "{\"approver\":\"a\",\"approver\":\"b\"}")), 400, "approver");
        http.assertProblem(http.send(approveEvent(id, "{}")), 400, "approver");

        String probe = "apr_<script>" + "x".repeat(20);
        APIGatewayV2HTTPResponse unknownShape = http.send(approveEvent("apr_NOT-AN-ID", "{\"approver\":\"alice\"}"));
        http.assertProblem(unknownShape, 404, null);
        assertFalse(unknownShape.getBody().contains("NOT-AN-ID"));
        APIGatewayV2HTTPResponse unknown = http.send(approveEvent("apr_" + "0".repeat(26), "{\"approver\":\"alice\"}"));
        http.assertProblem(unknown, 404, null);
        assertFalse(unknown.getBody().contains("0000000000"));
        assertFalse(probe.isEmpty());
    }

    /** Issue 16: a secret in a comment is redacted before it is stored, so no answer, listing or callback carries it. */
    @Test
    void aSecretInTheCommentIsNeverStoredNorEchoed() throws Exception {
        String secret = io.agentsafety.testing.PlantedSecrets.GITHUB_PAT.text();
        String id = fn.requestDeploy("comment", run(), "agent-7", null);
        APIGatewayV2HTTPResponse response = http.send(approveEvent(id, "{\"approver\":\"alice\",\"comment\":\"token " + secret + " ok\"}"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        io.agentsafety.testing.PlantedSecrets.assertAbsent(io.agentsafety.testing.PlantedSecrets.GITHUB_PAT, response.getBody(), "answer");
        String stored = fn.bean(ApprovalApi.class).get(id).approvals().get(0).comment();
        assertTrue(stored.startsWith("token [REDACTED:") && stored.endsWith(" ok"), stored);
    }

    @Test
    void requiredAuthenticationRefusesBodyOnlyApprovers() throws Exception {
        try (ApprovalFixture strict = ApprovalFixture.start("approvals-approve",
                Map.of("safety.approvals.require-authenticated-approver", true))) {
            String id = strict.requestDeploy("strict", run(), "agent-7", null);
            strict.http().assertProblem(strict.http().send(approveEvent(id, "{\"approver\":\"alice\"}")), 401, null);
            assertEquals(200, strict.http().send(ApprovalFixture.withIam(approveEvent(id, "{}"),
                "arn:aws:iam::123456789012:user/alice")).getStatusCode());
        }
    }

    @Test
    void everyStoredTransitionReachesTheListeners() throws Exception {
        try (ApprovalFixture observed = ApprovalFixture.start("approvals-approve", Map.of("safety.approvals.required-approvers.deploy", "2"))) {
            List<io.agentsafety.approvals.ApprovalTransition> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            observed.bean(io.micronaut.context.ApplicationContext.class)
                .registerSingleton(io.agentsafety.approvals.ApprovalTransition.Listener.class, seen::add);
            String id = observed.requestDeploy("audited", run(), "agent-7", null);
            observed.http().send(approveEvent(id, "{\"approver\":\"alice\"}"));
            observed.http().send(approveEvent(id, "{\"approver\":\"alice\"}"));
            observed.http().send(approveEvent(id, "{\"approver\":\"agent-7\"}"));
            observed.http().send(approveEvent(id, "{\"approver\":\"bob\"}"));
            assertEquals(List.of("created", "vote_counted", "approved"), seen.stream().map(t -> t.kind()).toList());
            assertEquals("bob", seen.get(2).by());
            assertEquals(io.agentsafety.approvals.ApprovalStatus.PENDING, seen.get(2).from());
            assertEquals(io.agentsafety.approvals.ApprovalStatus.APPROVED, seen.get(2).to());
            assertTrue(seen.stream().allMatch(t -> id.equals(t.approvalId()) && "agent-7".equals(t.actor())));
        }
    }

    @Test
    void redisDownIsA503() throws Exception {
        EmbeddedRedis lonely = EmbeddedRedis.startNew();
        try (ApprovalFixture down = ApprovalFixture.start("approvals-approve", Map.of("redis.uri", lonely.uri(), "safety.budget.redis.command-timeout", "500ms"))) {
            String id = down.requestDeploy("down", run(), "agent-7", null);
            lonely.stop();
            APIGatewayV2HTTPResponse response = down.http().send(approveEvent(id, "{\"approver\":\"alice\"}"));
            down.http().assertProblem(response, 503, null);
            assertEquals("approvals_unavailable", down.http().body(response).get("code").getStringValue());
            assertFalse(response.getBody().contains("127.0.0.1"));
        } finally {
            lonely.close();
        }
    }
}
