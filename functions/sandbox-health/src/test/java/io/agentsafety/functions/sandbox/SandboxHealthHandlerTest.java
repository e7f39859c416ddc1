package io.agentsafety.functions.sandbox;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/safety/sandbox/health through the real handler: the local backend, reachable and isolated by bwrap. */
class SandboxHealthHandlerTest {

    @Test
    void reportsTheLocalBackendReachableAndIsolated() throws Exception {
        try (LambdaHttp http = new LambdaHttp("sandbox-health")) {
            APIGatewayV2HTTPResponse response = http.send(ApiEvents.get("/api/v1/safety/sandbox/health"));
            assertEquals(200, response.getStatusCode());
            JsonNode health = http.body(response);
            assertEquals("local", health.get("backend").getStringValue());
            assertTrue(health.get("reachable").getBooleanValue());
            assertTrue(health.get("isolated").getBooleanValue(), "bubblewrap is installed here (.ci/run installs it on CI)");
            assertTrue(health.get("detail").getStringValue().contains("bubblewrap"));
            assertEquals(405, http.send(ApiEvents.postJson("/api/v1/safety/sandbox/health", "{}")).getStatusCode());
        }
    }

    @Test
    void hasNoRedisClientAndConnectsToNothing() {
        // the function links shared/sandbox-backend only (no Lettuce in its jar); Lettuce is on this test's classpath
        // (through the audit test-jar), and even so no Redis bean may appear: the health check must never need Redis
        try (LambdaHttp http = new LambdaHttp("sandbox-health")) {
            io.micronaut.context.ApplicationContext context = http.bean(io.micronaut.context.ApplicationContext.class);
            assertFalse(context.containsBean(io.lettuce.core.RedisClient.class));
            assertFalse(context.containsBean(io.lettuce.core.api.StatefulRedisConnection.class));
            assertEquals(200, http.send(ApiEvents.get("/api/v1/safety/sandbox/health")).getStatusCode());
        }
    }
}
