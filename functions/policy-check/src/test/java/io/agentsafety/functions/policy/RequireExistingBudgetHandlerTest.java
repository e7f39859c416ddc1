package io.agentsafety.functions.policy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetLedger;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: with {@code safety.policy.budget.require-existing} (the prod Stage), a money-costing check for a run
 * without a budget — a typo in run_id, or no run_id at all — is denied with a reason naming the run, instead of
 * skipping the budget. Actions that cost nothing are unaffected; off (the default), nothing changes.
 */
class RequireExistingBudgetHandlerTest {

    private static EmbeddedRedis redis;
    private static APIGatewayV2HTTPEventFunction strict;
    private static APIGatewayV2HTTPEventFunction lenient;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.startNew();
        strict = new APIGatewayV2HTTPEventFunction(ApplicationContext.builder()
            .properties(Map.of("redis.uri", redis.uri(), "micronaut.server.port", -1,
                "safety.policy.budget.require-existing", "true"))
            .start());
        lenient = new APIGatewayV2HTTPEventFunction(ApplicationContext.builder()
            .properties(Map.of("redis.uri", redis.uri(), "micronaut.server.port", -1))
            .start());
        json = strict.getApplicationContext().getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        strict.close();
        lenient.close();
        redis.close();
    }

    private static JsonNode decision(APIGatewayV2HTTPEventFunction handler, String body) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(ApiEvents.postJson("/api/v1/safety/check", body),
            new TestLambdaContext("policy-check"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return json.readValue(response.getBody(), JsonNode.class);
    }

    private static String deploy(String runId) {
        return "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"staging\"}"
            + (runId == null ? "" : ",\"run_id\":\"" + runId + "\"") + "}";
    }

    @Test
    void aRunWithoutABudgetIsDeniedNamingTheRun() throws IOException {
        JsonNode denied = decision(strict, deploy("run-typo-42"));
        assertFalse(denied.get("allowed").getBooleanValue());
        assertEquals("deny", denied.get("verdict").getStringValue());
        assertEquals("budget.required", denied.get("matched_rules").get(0).get("id").getStringValue());
        assertTrue(denied.get("reason").getStringValue().contains("run run-typo-42 has no budget"),
            denied.get("reason").getStringValue());
    }

    @Test
    void aMissingRunIdIsDenied() throws IOException {
        JsonNode denied = decision(strict, "{\"action_type\":\"create_billing\",\"params\":{\"amount\":\"5\","
            + "\"currency\":\"USD\",\"customer\":\"c1\"}}");
        assertEquals("deny", denied.get("verdict").getStringValue());
        assertTrue(denied.get("reason").getStringValue().contains("must name its run"), denied.get("reason").getStringValue());
    }

    @Test
    void aRunWithABudgetAndActionsThatCostNothingAreAllowed() throws IOException {
        String runId = Ids.newId("run");
        BudgetLedger ledger = strict.getApplicationContext().getBean(BudgetLedger.class);
        assertTrue(ledger.create(runId, 10_000_000, "USD", 3600, List.of(), "{}").is(io.agentsafety.budget.LedgerOutcome.CREATED));
        assertTrue(decision(strict, deploy(runId)).get("allowed").getBooleanValue());
        assertTrue(decision(strict, "{\"action_type\":\"delete_files\",\"params\":{\"path\":\"./build/out.txt\"}}")
            .get("allowed").getBooleanValue());
    }

    @Test
    void offByDefault() throws IOException {
        assertTrue(decision(lenient, deploy("run-typo-42")).get("allowed").getBooleanValue());
        assertTrue(decision(lenient, deploy(null)).get("allowed").getBooleanValue());
    }
}
