package io.agentsafety.functions.sandbox;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.approvals.Approval;
import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.approvals.ApprovalIds;
import io.agentsafety.audit.AuditTrail;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Approvals in safe execute, through the real API Gateway v2 handler and the real approval store on embedded Redis: a
 * require-approval verdict creates a request (run, actor, reason) whose id the 403 carries; {@code approval_ids} are
 * used only when they cover every such action, exactly, once; a deny creates none. Approvals are granted through
 * the approvals module's own API (the route's logic), by someone other than the requester.
 */
class SandboxExecApprovalsHandlerTest {

    /** sys.user_delete: require_approval; harmless in the sandbox (no such group), and the line still exits 0 */
    static final String NEEDS_APPROVAL = "groupdel staff 2>/dev/null; echo removed";
    static final String ALSO_NEEDS_APPROVAL = "userdel -r alice 2>/dev/null; echo gone";

    static SandboxExecFixture f;
    static ApprovalApi approvals;

    @BeforeAll
    static void start() throws Exception {
        f = SandboxExecFixture.start(Map.of());
        approvals = f.http.bean(ApprovalApi.class);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void reset() {
        f.backend.reset();
    }

    static APIGatewayV2HTTPResponse exec(String json) {
        return f.http.send(ApiEvents.postJson("/api/v1/safety/sandbox/exec", json));
    }

    static String q(String s) {
        return SandboxExecHandlerTest.q(s);
    }

    static String request(String runId, List<String> commands, List<String> approvalIds) {
        StringBuilder json = new StringBuilder("{\"run_id\":" + q(runId) + ",\"actor\":\"agent-7\",\"commands\":[");
        for (int i = 0; i < commands.size(); i++) {
            json.append(i == 0 ? "" : ",").append(q(commands.get(i)));
        }
        json.append("]");
        if (approvalIds != null) {
            json.append(",\"approval_ids\":[");
            for (int i = 0; i < approvalIds.size(); i++) {
                json.append(i == 0 ? "" : ",").append(q(approvalIds.get(i)));
            }
            json.append("]");
        }
        return json.append("}").toString();
    }

    static JsonNode refused(String json, String code) throws IOException {
        APIGatewayV2HTTPResponse response = exec(json);
        assertEquals(403, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", f.http.header(response, "content-type"));
        JsonNode problem = f.http.body(response);
        assertEquals(code, problem.get("code").getStringValue());
        return problem;
    }

    static List<String> approvalIds(JsonNode problem) {
        List<String> ids = new ArrayList<>();
        problem.get("approval").get("approval_ids").values().forEach(v -> ids.add(v.getStringValue()));
        return ids;
    }

    static void approve(String id, String approver) {
        approvals.approve(id, ("{\"approver\":" + q(approver) + "}").getBytes(StandardCharsets.UTF_8),
            ApiEvents.postJson("/api/v1/safety/approvals/" + id + "/approve", "{}"));
    }

    @Test
    void anApprovalIsRequestedThenUsedExactlyOnce() throws IOException {
        String runId = f.budget("5");
        JsonNode problem = refused(request(runId, List.of("echo first", NEEDS_APPROVAL), null), "approval_required");
        List<String> ids = approvalIds(problem);
        assertEquals(1, ids.size());
        String id = ids.get(0);
        assertTrue(ApprovalIds.isValid(id));
        JsonNode decision = problem.get("decisions").get(0);
        assertEquals(id, decision.get("approval_id").getStringValue());
        assertEquals("pending", decision.get("approval_status").getStringValue());
        assertEquals(2, problem.get("decision_ids").size());
        assertEquals(0, f.backend.creates.size(), "nothing created");
        assertEquals(0, BigDecimal.ZERO.compareTo(f.money(runId, "reserved")), "nothing reserved");

        Approval pending = approvals.get(id);
        assertEquals("pending", pending.status());
        assertEquals(runId, pending.runId());
        assertEquals("agent-7", pending.actor());
        assertEquals(decision.get("reason").getStringValue(), pending.reason());
        assertEquals(decision.get("decision_id").getStringValue(), pending.decisionId());
        String action = f.http.bean(io.micronaut.json.JsonMapper.class).writeValueAsString(pending.action());
        assertTrue(action.contains("groupdel staff"), action);

        // still pending: the same request comes back, no second one
        JsonNode again = refused(request(runId, List.of("echo first", NEEDS_APPROVAL), List.of(id)), "approval_required");
        assertEquals(List.of(id), approvalIds(again));

        // the requester cannot approve its own request
        assertThrows(RuntimeException.class, () -> approve(id, "AGENT-7"));
        approve(id, "alice");
        APIGatewayV2HTTPResponse ran = exec(request(runId, List.of("echo first", NEEDS_APPROVAL), List.of(id)));
        assertEquals(200, ran.getStatusCode(), ran.getBody());
        JsonNode answer = f.http.body(ran);
        assertEquals("removed\n", answer.get("results").get(1).get("stdout").getStringValue());
        assertEquals(1, f.backend.creates.size());
        Approval used = approvals.get(id);
        assertEquals("used", used.status());
        assertTrue(used.usedAt() != null);

        // the audit holds the decision that used the approval
        try (AuditTrail trail = new AuditTrail(EmbeddedRedis.shared().uri())) {
            assertTrue(trail.forRun(runId).stream().anyMatch(e -> "policy_decision".equals(e.text("type"))
                && "allow".equals(e.text("verdict")) && id.equals(e.text("approval_id"))), "the approved decision is audited");
        }

        // single use: the same id again is a new request
        JsonNode spent = refused(request(runId, List.of("echo first", NEEDS_APPROVAL), List.of(id)), "approval_required");
        assertNotEquals(id, approvalIds(spent).get(0));
        assertEquals(1, f.backend.creates.size(), "the refused retry created nothing");
    }

    @Test
    void approvalsAreUsedOnlyWhenTheyCoverEveryActionThatNeedsOne() throws IOException {
        String runId = f.budget("5");
        List<String> batch = List.of(NEEDS_APPROVAL, ALSO_NEEDS_APPROVAL);
        List<String> ids = approvalIds(refused(request(runId, batch, null), "approval_required"));
        assertEquals(2, ids.size());
        approve(ids.get(0), "alice");

        // one granted, one pending: nothing runs and the granted one is kept (not spent on a refused batch)
        JsonNode partial = refused(request(runId, batch, List.of(ids.get(0), ids.get(1))), "approval_required");
        assertEquals(ids, approvalIds(partial));
        assertEquals("approved", approvals.get(ids.get(0)).status());
        assertEquals(0, f.backend.creates.size());

        // in any order, each id covers the action it was granted for
        approve(ids.get(1), "bob");
        APIGatewayV2HTTPResponse ran = exec(request(runId, batch, List.of(ids.get(1), ids.get(0))));
        assertEquals(200, ran.getStatusCode(), ran.getBody());
        assertEquals("used", approvals.get(ids.get(0)).status());
        assertEquals("used", approvals.get(ids.get(1)).status());
        assertEquals(0, BigDecimal.ZERO.compareTo(f.money(runId, "reserved")));
    }

    @Test
    void anApprovalForAnotherActionOrRunCoversNothing() throws IOException {
        String runId = f.budget("5");
        String id = approvalIds(refused(request(runId, List.of(NEEDS_APPROVAL), null), "approval_required")).get(0);
        approve(id, "alice");
        // another command: a new request, the granted one untouched
        List<String> other = approvalIds(refused(request(runId, List.of(ALSO_NEEDS_APPROVAL), List.of(id)), "approval_required"));
        assertFalse(other.contains(id));
        // the same command in another run
        String otherRun = f.budget("5");
        List<String> elsewhere = approvalIds(refused(request(otherRun, List.of(NEEDS_APPROVAL), List.of(id)), "approval_required"));
        assertFalse(elsewhere.contains(id));
        assertEquals("approved", approvals.get(id).status());
        assertEquals(0, f.backend.creates.size());
    }

    @Test
    void aDenyInTheBatchCreatesNoApprovalAndUsesNone() throws IOException {
        String runId = f.budget("5");
        String id = approvalIds(refused(request(runId, List.of(NEEDS_APPROVAL), null), "approval_required")).get(0);
        approve(id, "alice");
        refused(request(runId, List.of(NEEDS_APPROVAL, "rm -rf / --no-preserve-root"), List.of(id)), "policy_denied");
        assertEquals("approved", approvals.get(id).status(), "not spent on a denied batch");
        assertEquals(1, approvals.list(Map.of("run_id", List.of(runId))).approvals().size(), "no new request");
        assertEquals(0, f.backend.creates.size());
    }

    @Test
    void malformedApprovalIdsAre400NamingTheItem() throws IOException {
        APIGatewayV2HTTPResponse response = exec("{\"run_id\":\"r-1\",\"command\":\"true\",\"approval_ids\":[\""
            + ApprovalIds.newId() + "\",\"apr_not-an-id\",7],\"actor\":\"\"}");
        assertEquals(400, response.getStatusCode());
        String body = response.getBody();
        assertTrue(body.contains("approval_ids[1]"), body);
        assertTrue(body.contains("approval_ids[2]"), body);
        assertFalse(body.contains("approval_ids[0]"), body);
        assertFalse(body.contains("not-an-id"), "the value is never echoed");
    }

    @Test
    void theGateStepPlansThenRequestsWithTheTaskToken() throws Exception {
        String runId = f.budget("5");
        SandboxGateStep gate = new SandboxGateStep(f.http.bean(io.micronaut.context.ApplicationContext.class));
        String exec = request(runId, List.of("echo a", NEEDS_APPROVAL), null);
        io.micronaut.json.JsonMapper mapper = f.http.bean(io.micronaut.json.JsonMapper.class);
        JsonNode plan = gate.handleRequest(mapper.readValue(exec, JsonNode.class), new TestLambdaContext("sandbox-exec"));
        assertEquals(1, plan.get("approvals").size());
        assertEquals(1, plan.get("approvals").get(0).get("action_index").getIntValue());
        assertEquals(null, plan.get("approvals").get(0).get("approval_id"));
        assertEquals(0, approvals.list(Map.of("run_id", List.of(runId))).approvals().size(), "planning creates nothing");
        try (AuditTrail trail = new AuditTrail(EmbeddedRedis.shared().uri())) {
            assertTrue(trail.forRun(runId).stream().noneMatch(e -> "policy_decision".equals(e.text("type"))),
                "planning records no decision but a deny (the later steps decide, and record, again)");
        }

        JsonNode requested = gate.handleRequest(mapper.readValue("{\"request\":" + exec + ",\"action_index\":1,\"task_token\":\"tok-123\"}",
            JsonNode.class), new TestLambdaContext("sandbox-exec"));
        String id = requested.get("approval_id").getStringValue();
        Approval approval = approvals.get(id);
        assertTrue(approval.hasTaskToken());
        assertEquals("pending", approval.status());
        assertFalse(approval.toString().contains("tok-123"), "the token is never shown");

        approve(id, "alice");
        JsonNode covered = gate.handleRequest(mapper.readValue(request(runId, List.of("echo a", NEEDS_APPROVAL), List.of(id)),
            JsonNode.class), new TestLambdaContext("sandbox-exec"));
        assertEquals(id, covered.get("approvals").get(0).get("approval_id").getStringValue());
        assertEquals("approved", approvals.get(id).status(), "planning uses nothing");

        // an action that needs no approval cannot be waited on
        RuntimeException none = assertThrows(RuntimeException.class, () -> gate.handleRequest(mapper.readValue(
            "{\"request\":" + exec + ",\"action_index\":0,\"task_token\":\"tok-9\"}", JsonNode.class), new TestLambdaContext("sandbox-exec")));
        assertTrue(none.getClass().getName().endsWith("Conflict"), none.getClass().getName());
        RuntimeException denied = assertThrows(RuntimeException.class, () -> gate.handleRequest(mapper.readValue(
            request(runId, List.of("rm -rf / --no-preserve-root"), null), JsonNode.class), new TestLambdaContext("sandbox-exec")));
        assertTrue(denied.getClass().getName().endsWith("PolicyDenied"), denied.getClass().getName());
    }
}
