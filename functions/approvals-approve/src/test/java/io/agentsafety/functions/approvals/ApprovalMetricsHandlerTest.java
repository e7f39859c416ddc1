package io.agentsafety.functions.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.approvals.ApprovalFixture;
import io.agentsafety.approvals.SfnFake;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmfCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ApprovalLatency} (decided_at − created_at), read back from the EMF lines the real approve handler writes. */
class ApprovalMetricsHandlerTest {

    @Test
    void anApprovalObservesItsLatencyOnceByOutcome() throws Exception {
        try (SfnFake sfn = SfnFake.start();
             ApprovalFixture fn = ApprovalFixture.start("approvals-approve", Map.of("safety.approvals.sfn.endpoint", sfn.endpoint()))) {
            String id = fn.requestDeploy("billing-api", "run-" + System.nanoTime(), "agent-7", null);
            Thread.sleep(120);
            try (EmfCapture emf = EmfCapture.start()) {
                APIGatewayV2HTTPResponse response = fn.http().send(ApprovalFixture.withIam(
                    ApiEvents.request("POST", "/api/v1/safety/approvals/" + id + "/approve").json("{\"comment\":\"ok\"}").build(),
                    "arn:aws:sts::123456789012:assumed-role/oncall/alice"));
                assertEquals(200, response.getStatusCode(), response.getBody());
                List<Double> latency = emf.values("ApprovalLatency", Map.of("Outcome", "approved", "FunctionName", "approvals-approve"));
                assertEquals(1, latency.size(), emf.lines().toString());
                assertTrue(latency.get(0) >= 120 && latency.get(0) < 60_000, "ms from creation to approval: " + latency);

                emf.reset();
                APIGatewayV2HTTPResponse again = fn.http().send(ApprovalFixture.withIam(
                    ApiEvents.request("POST", "/api/v1/safety/approvals/" + id + "/approve").json("{}").build(),
                    "arn:aws:sts::123456789012:assumed-role/oncall/bob"));
                assertTrue(again.getStatusCode() == 200 || again.getStatusCode() == 409, again.getBody());
                assertEquals(List.of(), emf.values("ApprovalLatency", Map.of()), "decided once, observed once");
                for (JsonNode line : emf.lines()) {
                    assertFalse(line.toString().contains(id) || line.toString().contains("alice"), line.toString());
                }
            }
        }
    }
}
