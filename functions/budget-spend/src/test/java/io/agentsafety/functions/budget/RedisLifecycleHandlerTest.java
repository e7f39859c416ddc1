package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler as Lambda creates it (its context initialises singletons eagerly): it starts with Redis down and
 * answers 503 per request, uses Redis once it is back, and survives a SnapStart checkpoint/restore.
 */
class RedisLifecycleHandlerTest {

    private static final String SPEND = "/api/v1/safety/budget/spend";

    @Test
    void startsWithRedisDownAnswers503ThenRecoversWhenRedisReturns() {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        redis.stop();
        System.setProperty("redis.uri", redis.uri());
        try (LambdaHttp http = new LambdaHttp("budget-spend")) {
            String runId = Ids.newId("run");
            String spend = "{\"run_id\":\"" + runId + "\",\"amount\":0.1,\"idempotency_key\":\"k1\"}";
            for (int i = 0; i < 2; i++) {
                APIGatewayV2HTTPResponse down = http.send("POST", SPEND, spend);
                http.assertProblem(down, 503, null);
                assertEquals("ledger_unavailable", http.body(down).get("code").getStringValue());
            }
            redis.start();
            http.bean(BudgetApi.class).create(("{\"run_id\":\"" + runId + "\",\"limit\":\"1.00\"}").getBytes(StandardCharsets.UTF_8));
            APIGatewayV2HTTPResponse up = http.send("POST", SPEND, spend);
            assertEquals(200, up.getStatusCode(), up.getBody());
            assertTrue(up.getBody().contains("\"spent\":0.1,"), "the refused spends wrote nothing: " + up.getBody());
        } finally {
            System.clearProperty("redis.uri");
            redis.stop();
        }
    }

    @Test
    void aCheckpointClosesTheConnectionAndTheRestoredFunctionWorks() {
        EmbeddedRedis redis = EmbeddedRedis.startNew();
        System.setProperty("redis.uri", redis.uri());
        try (LambdaHttp http = new LambdaHttp("budget-spend")) {
            String runId = Ids.newId("run");
            http.bean(BudgetApi.class).create(("{\"run_id\":\"" + runId + "\",\"limit\":\"1.00\"}").getBytes(StandardCharsets.UTF_8));
            assertEquals(200, http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":0.1}").getStatusCode());

            // what micronaut-crac registers with org.crac, driven as SnapStart would
            List<OrderedResource> resources = List.copyOf(http.bean(ApplicationContext.class).getBeansOfType(OrderedResource.class));
            assertFalse(resources.isEmpty());
            for (OrderedResource resource : resources) {
                resource.beforeCheckpoint(null);
            }
            assertEquals(0, redis.clientsEventually(0), "no connection is left open in the snapshot");
            for (OrderedResource resource : resources) {
                resource.afterRestore(null);
            }
            APIGatewayV2HTTPResponse after = http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":0.2}");
            assertEquals(200, after.getStatusCode(), after.getBody());
            assertTrue(after.getBody().contains("\"spent\":0.3,"), after.getBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            System.clearProperty("redis.uri");
            redis.stop();
        }
    }
}
