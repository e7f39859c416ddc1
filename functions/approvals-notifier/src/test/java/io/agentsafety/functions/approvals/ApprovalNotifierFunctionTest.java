package io.agentsafety.functions.approvals;

import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.approvals.ApprovalFixture;
import io.agentsafety.approvals.ApprovalKeys;
import io.agentsafety.approvals.ApprovalSweep;
import io.agentsafety.approvals.SfnFake;
import io.agentsafety.testing.SignedWebhookReceiver;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.core.WebhookSignature;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduled notifier through its Lambda handler class with a scheduled-event JSON, against real Redis, a real
 * HTTP webhook receiver that verifies signatures, and a local Step Functions endpoint.
 */
class ApprovalNotifierFunctionTest {

    private static final String SECRET = "whsec-notifier-test-0123456789";

    private static ApprovalSweep.Report invoke(ApprovalFixture fixture) throws Exception {
        ApprovalNotifierFunction function = new ApprovalNotifierFunction(fixture.bean(ApplicationContext.class));
        JsonNode event = fixture.bean(JsonMapper.class).readValue("{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\"}",
            JsonNode.class);
        return function.execute(event);
    }

    private static String deadLetters(ApprovalFixture fixture) {
        return fixture.bean(LedgerConnection.class).eval(
            "local out = {} for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do out[#out + 1] = cjson.encode(e) end "
                + "return table.concat(out, '\\n')", new String[]{ApprovalKeys.deadLetters()});
    }

    @Test
    void webhookIsSignedAndDeliveredOnce() throws Exception {
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/approvals");
             ApprovalFixture fn = ApprovalFixture.start("approvals-notifier", Map.of(
                 "safety.approvals.webhook-url", receiver.url(), "safety.approvals.webhook-secret", SECRET))) {
            invoke(fn); // drain what earlier tests left in the shared Redis
            int before = receiver.deliveries().size();
            String id = fn.requestDeploy("billing-api", "run-hook-1", "agent-7", null);
            assertEquals(before, receiver.deliveries().size(), "nothing is sent on the request path");
            ApprovalSweep.Report report = invoke(fn);
            assertEquals(1, report.webhooksDelivered());
            List<SignedWebhookReceiver.Delivery> deliveries = receiver.await(before + 1, Duration.ofSeconds(5));
            SignedWebhookReceiver.Delivery delivery = deliveries.get(deliveries.size() - 1);
            assertEquals(WebhookSignature.Verdict.VALID, delivery.verdict());
            assertEquals(id, delivery.delivery());
            assertEquals("1", delivery.attempt());
            assertTrue(delivery.body().contains("\"type\":\"approval.requested\"") && delivery.body().contains(id), delivery.body());
            assertEquals(0, invoke(fn).webhooksDelivered(), "delivered notifications leave the outbox");
            assertEquals(before + 1, receiver.deliveries().size());
        }
    }

    @Test
    void failingReceiverIsRetriedWithBackoffThenDeadLettered() throws Exception {
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/approvals");
             ApprovalFixture fn = ApprovalFixture.start("approvals-notifier", Map.of(
                 "safety.approvals.webhook-url", receiver.url(), "safety.approvals.webhook-secret", SECRET,
                 "safety.approvals.webhook.max-attempts", 3, "safety.approvals.webhook.retry-base", "1ms",
                 "safety.approvals.webhook.timeout", "2s"))) {
            receiver.mode(SignedWebhookReceiver.Mode.FAIL);
            for (int i = 0; i < 4; i++) {
                invoke(fn); // earlier tests' leftovers go to the dead letters too
                Thread.sleep(10);
            }
            int before = receiver.deliveries().size();
            String id = fn.requestDeploy("api", "run-hook-2", "agent-7", null);
            assertEquals(1, invoke(fn).webhooksRetried());
            Thread.sleep(10);
            assertEquals(1, invoke(fn).webhooksRetried());
            Thread.sleep(10);
            assertEquals(1, invoke(fn).webhooksDeadLettered());
            Thread.sleep(10);
            ApprovalSweep.Report last = invoke(fn);
            assertEquals(0, last.webhooksRetried() + last.webhooksDeadLettered() + last.webhooksDelivered(), "nothing left to deliver");
            List<SignedWebhookReceiver.Delivery> deliveries = receiver.deliveries().subList(before, receiver.deliveries().size());
            assertEquals(List.of("1", "2", "3"), deliveries.stream().map(SignedWebhookReceiver.Delivery::attempt).toList());
            assertTrue(deliveries.stream().allMatch(d -> d.verdict() == WebhookSignature.Verdict.VALID && id.equals(d.delivery())));
            String dead = deadLetters(fn);
            assertTrue(dead.contains(id) && dead.contains("HTTP 500"), dead);
            assertFalse(dead.contains(SECRET));
        }
    }

    @Test
    void expiryFailsTheWaitingTaskWithATimeout() throws Exception {
        try (SfnFake sfn = SfnFake.start();
             ApprovalFixture fn = ApprovalFixture.start("approvals-notifier", Map.of("safety.approvals.sfn.endpoint", sfn.endpoint()))) {
            invoke(fn);
            sfn.clear();
            String id = fn.requestDeploy("api", "run-expire-1", "agent-7", "token-expire-1");
            String untouched = fn.requestDeploy("api", "run-expire-2", "agent-7", "token-expire-2");
            fn.expireNow(id);
            ApprovalSweep.Report report = invoke(fn);
            assertEquals(1, report.expired());
            assertEquals(1, report.callbacksSent());
            List<SfnFake.Call> calls = sfn.calls();
            assertEquals(1, calls.size());
            calls.get(0).assertSigV4("SendTaskFailure");
            assertTrue(calls.get(0).body().contains("\"error\":\"ApprovalTimedOut\"") && calls.get(0).body().contains("token-expire-1"),
                calls.get(0).body());
            assertEquals("expired", fn.bean(ApprovalApi.class).get(id).status());
            assertEquals("pending", fn.bean(ApprovalApi.class).get(untouched).status());
            assertEquals(0, invoke(fn).callbacksSent(), "answered once");
        }
    }
}
