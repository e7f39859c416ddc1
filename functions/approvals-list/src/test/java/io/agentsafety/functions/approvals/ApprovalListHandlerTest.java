package io.agentsafety.functions.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.approvals.ApprovalApi;
import io.agentsafety.approvals.ApprovalFixture;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import io.agentsafety.testing.SecretEchoes;
import io.agentsafety.testing.PlantedSecrets;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /approvals?status=&run_id=&limit=&cursor= through the real Lambda handler on a real Redis. */
class ApprovalListHandlerTest {

    private static ApprovalFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = ApprovalFixture.start("approvals-list", Map.of());
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    private static JsonNode list(Map<String, String> query) {
        ApiEvents request = ApiEvents.request("GET", "/api/v1/safety/approvals");
        query.forEach(request::query);
        APIGatewayV2HTTPResponse response = http.send(request.build());
        assertEquals(200, response.getStatusCode(), response.getBody());
        return http.body(response);
    }

    @Test
    void pagesNewestFirstByRunAndStatus() throws Exception {
        String run = "run-list-" + System.nanoTime();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fn.requestDeploy("svc-" + i, run, "agent-7", null));
            Thread.sleep(2);
        }
        fn.bean(ApprovalApi.class).deny(created.get(1), "{\"approver\":\"erin\"}".getBytes(StandardCharsets.UTF_8), null);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query = new java.util.HashMap<>(Map.of("run_id", run, "limit", "2"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonNode page = list(query);
            page.get("approvals").values().forEach(a -> seen.add(a.get("approval_id").getStringValue()));
            cursor = page.get("next_cursor") == null ? null : page.get("next_cursor").getStringValue();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(List.of(created.get(4), created.get(3), created.get(2), created.get(1), created.get(0)), seen, "newest first, no gaps");
        assertEquals(3, pages);

        JsonNode pending = list(Map.of("run_id", run, "status", "pending", "limit", "100"));
        List<String> pendingIds = new ArrayList<>();
        pending.get("approvals").values().forEach(a -> pendingIds.add(a.get("approval_id").getStringValue()));
        assertEquals(List.of(created.get(4), created.get(3), created.get(2), created.get(0)), pendingIds);
        assertNull(pending.get("next_cursor"));

        JsonNode denied = list(Map.of("status", "denied", "limit", "100"));
        List<String> deniedIds = new ArrayList<>();
        denied.get("approvals").values().forEach(a -> deniedIds.add(a.get("approval_id").getStringValue()));
        assertTrue(deniedIds.contains(created.get(1)));
        assertTrue(!deniedIds.contains(created.get(0)));
    }

    @Test
    void everyBadParameterIsNamed() {
        ApiEvents request = ApiEvents.request("GET", "/api/v1/safety/approvals")
            .query("status", "maybe").query("run_id", "{bad}").query("limit", "1000").query("cursor", "nope").query("sort", "asc");
        APIGatewayV2HTTPResponse response = http.send(request.build());
        http.assertProblem(response, 400, null);
        List<String> fields = new ArrayList<>();
        http.body(response).get("errors").values().forEach(e -> fields.add(e.get("field").getStringValue()));
        assertTrue(fields.containsAll(List.of("status", "run_id", "limit", "cursor", "sort")), fields.toString());
    }

    @Test
    void secretsInUnknownParameterNamesAreNotEchoed() {
        // a name such as password=hunter2… must be redacted before its '=' is made safe, or it stops looking like one
        for (PlantedSecrets.Planted planted : PlantedSecrets.ALL) {
            APIGatewayV2HTTPResponse response = http.send(ApiEvents.request("GET", "/api/v1/safety/approvals").query(planted.text(), "1").build());
            assertEquals(400, response.getStatusCode(), response.getBody());
            SecretEchoes.assertClean(http, response, planted, "GET /approvals?" + planted.name());
        }
    }
}
