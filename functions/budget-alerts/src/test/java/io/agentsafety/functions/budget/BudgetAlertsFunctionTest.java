package io.agentsafety.functions.budget;

import io.agentsafety.budget.AlertDelivery;
import io.agentsafety.testing.SignedWebhookReceiver;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.core.Ids;
import io.agentsafety.core.WebhookSignature;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduled alert delivery through its Lambda handler class with the EventBridge scheduled event of
 * {@code infra/events/budget-alerts.json}, against real Redis and a real HTTP receiver that verifies signatures.
 * Each test has its own outbox stream.
 */
class BudgetAlertsFunctionTest {

    private static final String SECRET = "whsec-budget-alerts-fn-0123456789";
    private static final Path EVENT = Path.of("..", "..", "infra", "events", "budget-alerts.json");

    private static ApplicationContext context(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("redis.uri", EmbeddedRedis.shared().uri());
        properties.put("safety.budget.events.stream", "safety:events:fn:" + Ids.newId("s"));
        return ApplicationContext.run(properties);
    }

    private static AlertDelivery.Report invoke(ApplicationContext context) throws Exception {
        BudgetAlertsFunction function = new BudgetAlertsFunction(context);
        JsonNode event = context.getBean(JsonMapper.class).readValue(Files.readString(EVENT), JsonNode.class);
        assertEquals("Scheduled Event", event.get("detail-type").getStringValue());
        return function.handleRequest(event, new TestLambdaContext("BudgetAlertsFunction"));
    }

    /** A budget crossing its 0.5 threshold through the real API (as budget-spend does): one event in the outbox. */
    private static String crossThreshold(ApplicationContext context) {
        BudgetApi api = context.getBean(BudgetApi.class);
        String runId = Ids.newId("run");
        assertEquals(201, api.create(("{\"run_id\":\"" + runId + "\",\"limit\":\"10\",\"thresholds\":[0.5,1]}")
            .getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(200, api.spend(("{\"run_id\":\"" + runId + "\",\"amount\":\"6\"}").getBytes(StandardCharsets.UTF_8)).status());
        return runId;
    }

    @Test
    void aScheduledRunPostsTheOutboxSignedAndOnce() throws Exception {
        try (SignedWebhookReceiver receiver = SignedWebhookReceiver.start(SECRET, "/hooks/budget");
             ApplicationContext context = context(Map.of("safety.budget.alerts.webhook-url", receiver.url(),
                 "safety.budget.alerts.webhook-secret", SECRET))) {
            String runId = crossThreshold(context);
            assertEquals(List.of(), receiver.deliveries(), "the spend sent nothing");
            assertEquals(new AlertDelivery.Report(1, 0, 0, 0), invoke(context));
            List<SignedWebhookReceiver.Delivery> deliveries = receiver.deliveries();
            assertEquals(1, deliveries.size());
            SignedWebhookReceiver.Delivery d = deliveries.get(0);
            assertEquals(WebhookSignature.Verdict.VALID, d.verdict());
            assertEquals("budget.threshold_crossed", d.event());
            assertTrue(d.delivery().startsWith("evt_") && d.ledgerEvent().matches("\\d+-\\d+"), d.toString());
            assertTrue(d.body().contains("\"run_id\":\"" + runId + "\"") && d.body().contains("\"threshold\":0.5"), d.body());
            assertEquals(new AlertDelivery.Report(0, 0, 0, 0), invoke(context), "acknowledged: not sent again");
            assertEquals(1, receiver.deliveries().size());
        }
    }

    @Test
    void withoutAWebhookARunAcknowledgesTheOutbox() throws Exception {
        try (ApplicationContext context = context(Map.of())) {
            crossThreshold(context);
            crossThreshold(context);
            assertEquals(new AlertDelivery.Report(0, 0, 0, 2), invoke(context));
            assertEquals(new AlertDelivery.Report(0, 0, 0, 0), invoke(context));
        }
    }

    @Test
    void aWebhookWithoutASecretFailsTheFunctionNotTheAlerts() {
        try (ApplicationContext context = context(Map.of("safety.budget.alerts.webhook-url", "https://hooks.example.com/budget"))) {
            Exception failure = assertThrows(Exception.class, () -> invoke(context));
            Throwable root = failure;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertTrue(String.valueOf(root.getMessage()).contains("webhook-secret"), String.valueOf(root.getMessage()));
        }
    }
}
