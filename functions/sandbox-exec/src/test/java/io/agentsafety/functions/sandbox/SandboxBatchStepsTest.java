package io.agentsafety.functions.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import io.agentsafety.sandbox.exec.BatchState;
import io.agentsafety.sandbox.exec.SandboxExecResponse;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct-invoke handlers as Lambda calls them (input JSON, a Lambda context): the one-shot safe execute, its
 * Lambda deadline, and the Step Functions steps carrying the state from one invocation to the next.
 */
class SandboxBatchStepsTest {

    static SandboxExecFixture f;
    static ApplicationContext context;
    static JsonMapper json;

    @BeforeAll
    static void start() throws Exception {
        f = SandboxExecFixture.start(Map.of());
        context = f.http.bean(ApplicationContext.class);
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void reset() {
        f.backend.reset();
    }

    static JsonNode tree(String text) throws Exception {
        return json.readValue(text, JsonNode.class);
    }

    static JsonNode tree(Object value) throws Exception {
        return json.writeValueToTree(value);
    }

    /** A Lambda context with this much time left. */
    static Context remaining(int millis) {
        TestLambdaContext base = new TestLambdaContext("sandbox-exec");
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[]{Context.class},
            (proxy, method, args) -> "getRemainingTimeInMillis".equals(method.getName()) ? millis : method.invoke(base, args));
    }

    @Test
    void theFunctionsOwnDeadlineCapsTheCommandAndLeavesTimeForCleanup() throws Exception {
        String runId = f.budget("5");
        SandboxExecFunction function = new SandboxExecFunction(context);
        long started = System.nanoTime();
        SandboxExecResponse answer = function.handleRequest(tree("{\"run_id\":\"" + runId + "\",\"command\":\"sleep 60\",\"timeout_ms\":60000}"),
            remaining(4500));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(answer.results().get(0).timedOut());
        assertTrue(tookMs < 4500, "answered before the Lambda deadline: " + tookMs + " ms");
        assertEquals(1, f.backend.closes.size());
        assertEquals(0, BigDecimal.ZERO.compareTo(f.money(runId, "reserved")));
    }

    @Test
    void aRefusalFailsTheInvokeWithTheProblemJson() throws Exception {
        SandboxExecFunction function = new SandboxExecFunction(context);
        RuntimeException e = assertThrows(RuntimeException.class, () -> function.handleRequest(
            tree("{\"run_id\":\"r1\",\"command\":\"rm -rf / --no-preserve-root\"}"), remaining(30_000)));
        // the errorType the Java runtime reports (the class name) is what the state machine's Catch names
        assertEquals("io.agentsafety.core.errors.PolicyDenied", e.getClass().getName());
        JsonNode problem = tree(e.getMessage());
        assertEquals(403, problem.get("status").getIntValue());
        assertEquals("policy_denied", problem.get("code").getStringValue());
        assertEquals(0, f.backend.creates.size());
    }

    @Test
    void aBatchRunsAcrossInvocationsAndCleansUp() throws Exception {
        String runId = f.budget("5");
        BatchState state = new SandboxCreateStep(context).handleRequest(tree("{\"run_id\":\"" + runId + "\",\"commands\":["
            + "\"echo one > f\",\"cat f; echo $TOKEN\"],\"env\":{\"TOKEN\":\"tok-Zq8Wv2Lk5Rt7Yp1\"}}"), remaining(30_000));
        assertEquals(2, state.steps().size());
        assertTrue(f.money(runId, "reserved").signum() > 0, "the estimate is held while the batch runs");
        SandboxRunStep run = new SandboxRunStep(context);
        // each invocation gets the state as JSON, as Step Functions passes it
        while (!state.done()) {
            state = run.handleRequest(tree(state), remaining(30_000));
        }
        assertEquals(2, state.results().size());
        assertEquals("one\n[REDACTED:env_secret]\n", state.results().get(1).stdout());
        BatchState redacted = new SandboxRedactStep(context).handleRequest(tree(state), remaining(30_000));
        SandboxExecResponse answer = new SandboxCleanupStep(context).handleRequest(tree(redacted), remaining(30_000));
        assertEquals(List.of(), f.backend.list(Map.of("run_id", runId)), "the sandbox is gone");
        assertEquals(0, answer.cost().compareTo(f.money(runId, "spent")));
        assertEquals(0, BigDecimal.ZERO.compareTo(f.money(runId, "reserved")));
        assertFalse(json.writeValueAsString(answer).contains("tok-Zq8Wv2Lk5Rt7Yp1"));
        // a second cleanup (a retried Catch) is harmless
        new SandboxCleanupStep(context).handleRequest(tree(redacted), remaining(30_000));
        assertEquals(0, answer.cost().compareTo(f.money(runId, "spent")));
    }

    @Test
    void theCatchPathKillsTheSandboxAfterAFailedStep() throws Exception {
        String runId = f.budget("5");
        BatchState state = new SandboxCreateStep(context).handleRequest(
            tree("{\"run_id\":\"" + runId + "\",\"commands\":[\"true\",\"true\"]}"), remaining(30_000));
        f.backend.real.kill(state.sandboxId()); // the sandbox vanishes between invocations
        BatchState lost = state;
        RuntimeException e = assertThrows(RuntimeException.class, () -> new SandboxRunStep(context).handleRequest(tree(lost), remaining(30_000)));
        assertEquals(503, tree(e.getMessage()).get("status").getIntValue());
        assertEquals("io.agentsafety.core.errors.DependencyUnavailable", e.getClass().getName());
        // the state machine's Catch: the state with the error added ($.error), to the cleanup step
        Map<String, Object> withError = new java.util.LinkedHashMap<>(json.readValue(json.writeValueAsBytes(state), Map.class));
        withError.put("error", Map.of("Error", "Failed", "Cause", e.getMessage()));
        new SandboxCleanupStep(context).handleRequest(tree(withError), remaining(30_000));
        assertEquals(0, BigDecimal.ZERO.compareTo(f.money(runId, "reserved")));
        assertTrue(f.backend.kills.contains(state.sandboxId()));
    }
}
