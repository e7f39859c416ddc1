package io.agentsafety.functions.sandbox;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmfCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox gate's decisions and the sandbox's seconds, read back from the EMF lines of the real handler. */
class SandboxMetricsHandlerTest {

    static SandboxExecFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SandboxExecFixture.start(Map.of());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aSandboxRunObservesItsSecondsAndADeniedCommandCountsItsDecision() {
        String runId = f.budget("10.00");
        try (EmfCapture emf = EmfCapture.start()) {
            APIGatewayV2HTTPResponse ran = f.http.send(ApiEvents.postJson("/api/v1/safety/sandbox/exec",
                "{\"run_id\":\"" + runId + "\",\"command\":\"sleep 0.3; echo done\"}"));
            assertEquals(200, ran.getStatusCode(), ran.getBody());
            String backend = f.backend.name();
            List<Double> seconds = emf.values("SandboxSeconds", Map.of("Backend", backend, "FunctionName", "sandbox-exec"));
            assertEquals(1, seconds.size(), emf.lines().toString());
            assertTrue(seconds.get(0) >= 0.3 && seconds.get(0) < 60, "seconds alive: " + seconds);
            assertEquals(1, emf.sum("Decisions", Map.of("Verdict", "allow", "ActionType", "execute_code")));
            assertEquals(1, emf.sum("Spends", Map.of()), "the sandbox's cost committed");

            emf.reset();
            APIGatewayV2HTTPResponse denied = f.http.send(ApiEvents.postJson("/api/v1/safety/sandbox/exec",
                "{\"run_id\":\"" + runId + "\",\"command\":\"rm -rf ~\"}"));
            assertEquals(403, denied.getStatusCode(), denied.getBody());
            assertEquals(1, emf.sum("Decisions", Map.of("Verdict", "deny", "ActionType", "execute_code")));
            assertEquals(1, emf.sum("Errors", Map.of("StatusClass", "4xx", "Status", "403")));
            assertEquals(List.of(), emf.values("SandboxSeconds", Map.of()), "no sandbox was created");
            for (JsonNode line : emf.lines()) {
                assertFalse(line.toString().contains(runId) || line.toString().contains("rm -rf"), line.toString());
            }
        }
    }
}
