package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.ApiResult;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.EmbeddedRedis;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DELETE /budget/{run_id}. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetDeleteHandlerTest {

    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        System.setProperty("redis.uri", EmbeddedRedis.shared().uri());
        http = new LambdaHttp("budget-delete");
        api = http.bean(BudgetApi.class);
    }

    @AfterAll
    static void stop() {
        http.close();
        System.clearProperty("redis.uri");
    }

    /** A fresh budget made through the shared API (another function's route). */
    private static String budget(String limit) {
        String runId = Ids.newId("run");
        api.create(("{\"run_id\":\"" + runId + "\",\"limit\":\"" + limit + "\"}").getBytes(StandardCharsets.UTF_8));
        return runId;
    }

    private static ApiResult call(java.util.function.Function<byte[], ApiResult> route, String body) {
        return route.apply(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deletesOnceThen404() throws IOException {
        String runId = budget("3");
        APIGatewayV2HTTPResponse deleted = http.send("DELETE", "/api/v1/safety/budget/" + runId, null);
        assertEquals(204, deleted.getStatusCode());
        assertTrue(deleted.getBody() == null || deleted.getBody().isEmpty());
        http.assertProblem(http.send("DELETE", "/api/v1/safety/budget/" + runId, null), 404, null);
        assertEquals(404, org.junit.jupiter.api.Assertions.assertThrows(io.agentsafety.core.ProblemException.class,
            () -> api.status(runId)).status());
    }
}
