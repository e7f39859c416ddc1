package io.agentsafety.functions.policy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.core.errors.InvalidRequest;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.EmfCapture;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EMF lines the real policy-check handlers write (HTTP and direct invoke), read back from stdout. */
class PolicyMetricsHandlerTest {

    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        System.setProperty("redis.uri", EmbeddedRedis.shared().uri());
        http = new LambdaHttp("policy-check");
    }

    @AfterAll
    static void stop() {
        http.close();
        System.clearProperty("redis.uri");
    }

    @Test
    void aDenyCountsOneDecisionByVerdictAndActionTypeAndNoCallerValue() {
        try (EmfCapture emf = EmfCapture.start()) {
            APIGatewayV2HTTPResponse response = http.send(ApiEvents.postJson("/api/v1/safety/check",
                "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"sudo rm -rf / --no-preserve-root\"},"
                    + "\"run_id\":\"run-metrics-7\",\"actor\":\"agent-metrics\"}"));
            assertEquals(200, response.getStatusCode(), response.getBody());
            assertTrue(response.getBody().contains("\"verdict\":\"deny\""), response.getBody());

            assertEquals(1, emf.sum("Decisions", Map.of("Verdict", "deny", "ActionType", "execute_code", "FunctionName", "policy-check")));
            assertEquals(0, emf.sum("Decisions", Map.of("Verdict", "allow")));
            assertEquals(1, emf.sum("Requests", Map.of("FunctionName", "policy-check")));
            List<Double> latency = emf.values("Latency", Map.of());
            assertEquals(1, latency.size());
            assertTrue(latency.get(0) > 0);
            assertEquals(List.of(), emf.values("Errors", Map.of()), "a 200 is no error");
            for (JsonNode line : emf.lines()) {
                assertEquals("AgentSafety", line.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText());
                String text = line.toString();
                assertFalse(text.contains("run-metrics-7") || text.contains("agent-metrics") || text.contains("rm -rf"), text);
            }
        }
    }

    @Test
    void aBadRequestCountsA400AndDecidesNothing() throws IOException {
        try (EmfCapture emf = EmfCapture.start()) {
            APIGatewayV2HTTPResponse response = http.send(ApiEvents.postJson("/api/v1/safety/check",
                "{\"action_type\":\"launch_rockets\",\"params\":{}}"));
            http.assertProblem(response, 400, "action_type");
            assertEquals(1, emf.sum("Errors", Map.of("StatusClass", "4xx", "Status", "400")));
            assertEquals(0, emf.sum("Decisions", Map.of()));
            assertEquals(1, emf.sum("Requests", Map.of()));
            for (JsonNode line : emf.lines()) {
                assertFalse(line.toString().contains("launch_rockets"), line.toString());
            }

            emf.reset();
            http.assertProblem(http.send(ApiEvents.request("GET", "/api/v1/safety/nowhere").build()), 404, null);
            http.assertProblem(http.send(ApiEvents.request("POST", "/api/v1/safety/check").body("text/plain", "{}").build()), 415, null);
            assertEquals(1, emf.sum("Errors", Map.of("Status", "404")), "a route that does not exist");
            assertEquals(1, emf.sum("Errors", Map.of("Status", "415")), "an answer of another filter");
        }
    }

    @Test
    void aDirectInvokeCountsItsDecisionAndItsFailureByStatus() throws IOException {
        JsonMapper json = JsonMapper.createDefault();
        try (PolicyCheckFunction function = new PolicyCheckFunction(); EmfCapture emf = EmfCapture.start()) {
            function.handleRequest(json.readValue("{\"action_type\":\"network_access\",\"params\":{\"url\":\"http://169.254.169.254/latest\"}}",
                io.micronaut.json.tree.JsonNode.class), new TestLambdaContext("policy-check-direct"));
            assertEquals(1, emf.sum("Decisions", Map.of("Verdict", "deny", "ActionType", "network_access",
                "FunctionName", "policy-check-direct")));
            assertEquals(1, emf.sum("Requests", Map.of("FunctionName", "policy-check-direct")));

            emf.reset();
            io.micronaut.json.tree.JsonNode notAnObject = json.readValue("[1]", io.micronaut.json.tree.JsonNode.class);
            assertThrows(InvalidRequest.class, () -> function.handleRequest(notAnObject, new TestLambdaContext("policy-check-direct")));
            assertEquals(1, emf.sum("Errors", Map.of("StatusClass", "4xx", "Status", "400", "FunctionName", "policy-check-direct")));
            assertEquals(1, emf.sum("Requests", Map.of()));
        }
    }
}
