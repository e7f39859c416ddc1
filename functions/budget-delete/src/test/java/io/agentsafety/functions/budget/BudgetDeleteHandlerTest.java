package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DELETE /budget/{run_id}. Drives the real API Gateway v2 Lambda handler with real events against a real Redis. */
class BudgetDeleteHandlerTest {

    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;
    private static BudgetApi api;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-delete");
        http = fn.http();
        api = fn.api();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    @Test
    void deletesOnceThen404() throws IOException {
        String runId = fn.budget("3");
        APIGatewayV2HTTPResponse deleted = http.send("DELETE", "/api/v1/safety/budget/" + runId, null);
        assertEquals(204, deleted.getStatusCode());
        assertTrue(deleted.getBody() == null || deleted.getBody().isEmpty());
        http.assertProblem(http.send("DELETE", "/api/v1/safety/budget/" + runId, null), 404, null);
        assertEquals(404, org.junit.jupiter.api.Assertions.assertThrows(io.agentsafety.core.ProblemException.class,
            () -> api.status(runId)).status());
    }
}
