package io.agentsafety.budget;

import io.agentsafety.core.Ids;
import io.agentsafety.core.ProblemException;
import io.agentsafety.testing.EmbeddedRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request validation and response shapes of the shared API, wired by Micronaut against a real Redis. */
class BudgetApiTest {

    private static ApplicationContext context;
    private static BudgetApi api;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(Map.of("redis.uri", EmbeddedRedis.shared().uri(), "safety.budget.ttl-seconds", 7200));
        api = context.getBean(BudgetApi.class);
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ApiResult result) throws IOException {
        return json.writeValueAsString(result.body());
    }

    private static String badField(Runnable call) {
        ProblemException e = assertThrows(ProblemException.class, call::run);
        assertEquals(400, e.status());
        return e.problem().errors().get(0).field();
    }

    private static String create(String extra) {
        String runId = Ids.newId("run");
        ApiResult result = api.create(b("{\"run_id\":\"" + runId + "\",\"limit\":\"10.00\"" + extra + "}"));
        assertEquals(201, result.status());
        return runId;
    }

    @Test
    void pointOnePlusPointTwoPrintsPointThree() throws IOException {
        String runId = create("");
        api.spend(b("{\"run_id\":\"" + runId + "\",\"amount\":0.1}"));
        ApiResult result = api.spend(b("{\"run_id\":\"" + runId + "\",\"amount\":\"0.2\"}"));
        String body = text(result);
        assertTrue(body.contains("\"spent\":0.3,"), body);
        assertTrue(body.contains("\"limit\":10,"), body);
        assertTrue(body.contains("\"remaining\":9.7,"), body);
        assertTrue(body.contains("\"thresholds\":[0.5,0.8,0.9,1]"), body);
        assertTrue(body.contains("\"thresholds_crossed\":[]"), body);
        assertTrue(body.contains("\"currency\":\"USD\""), body);
        assertTrue(body.contains("\"spend_count\":2"), body);
        String status = text(api.status(runId));
        for (String field : new String[]{"run_id", "limit", "spent", "reserved", "remaining", "currency", "exceeded", "circuit_open",
            "thresholds_crossed", "spend_count", "created_at", "updated_at", "expires_at"}) {
            assertTrue(status.contains("\"" + field + "\":"), field);
        }
    }

    @Test
    void badAmountsAre400NamingTheField() {
        String runId = create("");
        for (String amount : new String[]{"1.1234567", "\"1.1234567\"", "1000000000000.000001", "1e13", "\"NaN\"", "\"abc\"", "true",
            "0", "-1", "null", "[1]", "{}", "\"1,5\"", "\"\""}) {
            assertEquals("amount", badField(() -> api.spend(b("{\"run_id\":\"" + runId + "\",\"amount\":" + amount + "}"))), amount);
        }
        assertEquals("limit", badField(() -> api.create(b("{\"run_id\":\"x1\",\"limit\":1000000000001}"))));
        assertEquals(201, api.create(b("{\"run_id\":\"" + Ids.newId("run") + "\",\"limit\":1000000000000}")).status());
        assertEquals("run_id", badField(() -> api.spend(b("{\"run_id\":\"{bad}\",\"amount\":1}"))));
        assertEquals("enforce", badField(() -> api.spend(b("{\"run_id\":\"" + runId + "\",\"amount\":1,\"enforce\":\"yes\"}"))));
        assertEquals("ammount", badField(() -> api.spend(b("{\"run_id\":\"" + runId + "\",\"ammount\":1}"))));
        assertEquals("idempotency_key", badField(() -> api.spend(b("{\"run_id\":\"" + runId + "\",\"amount\":1,\"idempotency_key\":\""
            + "k".repeat(256) + "\"}"))));
        assertEquals("thresholds[1]", badField(() -> api.create(b("{\"run_id\":\"x2\",\"limit\":1,\"thresholds\":[0.5,1.5]}"))));
        assertEquals("currency", badField(() -> api.create(b("{\"run_id\":\"x2\",\"limit\":1,\"currency\":\"US1\"}"))));
        assertEquals("ttl_seconds", badField(() -> api.create(b("{\"run_id\":\"x2\",\"limit\":1,\"ttl_seconds\":5}"))));
        assertEquals("reservation_id", badField(() -> api.commit(b("{\"reservation_id\":\"rsv_x\",\"actual_amount\":1}"))));
        assertEquals("actual_amount", badField(() -> api.commit(b("{\"reservation_id\":\"" + ReservationIds.newId(runId) + "\"}"))));
        assertEquals("body", badField(() -> api.update(runId, b("{}"))));
        assertEquals("run_id", badField(() -> api.status("bad id")));
        assertEquals("amount", badField(() -> api.spend(b("{\"run_id\":\"a\",\"amount\":1,\"amount\":2}"))), "a duplicate key is named by its path");
    }

    @Test
    void routesAnswerWithTheirStatusCodes() throws IOException {
        String runId = create(",\"currency\":\"eur\",\"ttl_seconds\":120,\"metadata\":{\"team\":\"search\"},\"thresholds\":[1.0,0.25]");
        ApiResult again = api.create(b("{\"run_id\":\"" + runId + "\",\"limit\":10,\"currency\":\"EUR\",\"ttl_seconds\":120,"
            + "\"metadata\":{\"team\":\"search\"},\"thresholds\":[0.25,1]}"));
        assertEquals(200, again.status());
        assertTrue(again.replayed());
        assertTrue(text(again).contains("\"metadata\":{\"team\":\"search\"}"));
        ProblemException conflict = assertThrows(ProblemException.class, () -> api.create(b("{\"run_id\":\"" + runId + "\",\"limit\":11}")));
        assertEquals(409, conflict.status());

        ApiResult refused = api.spend(b("{\"run_id\":\"" + runId + "\",\"amount\":10.01,\"enforce\":true}"));
        assertEquals(402, refused.status());
        assertTrue(refused.problem(), "402 answers are problem documents");
        assertTrue(text(refused).startsWith("{\"type\":\"https://agentsafety.io/problems/insufficient_budget\",\"title\":\"Insufficient budget\","
            + "\"status\":402,\"detail\":"), text(refused));
        assertTrue(text(refused).contains("\"code\":\"insufficient_budget\",\"budget\":{\"run_id\":\"" + runId + "\",\"limit\":10,"), text(refused));
        ApiResult reserved = api.reserve(b("{\"run_id\":\"" + runId + "\",\"amount\":4,\"ttl_seconds\":30}"));
        assertEquals(201, reserved.status());
        String reservationId = (String) ((Map<?, ?>) reserved.body()).get("reservation_id");
        ApiResult committed = api.commit(b("{\"reservation_id\":\"" + reservationId + "\",\"actual_amount\":\"3.5\"}"));
        assertEquals(200, committed.status());
        assertTrue(text(committed).contains("\"reserved_amount\":4,\"actual_amount\":3.5,"));
        assertTrue(text(committed).contains("\"thresholds_crossed\":[0.25]"));
        assertEquals(404, assertThrows(ProblemException.class,
            () -> api.release(b("{\"reservation_id\":\"" + ReservationIds.newId(runId) + "\"}"))).status());
        assertEquals(409, assertThrows(ProblemException.class,
            () -> api.release(b("{\"reservation_id\":\"" + reservationId + "\"}"))).status());

        ApiResult can = api.canSpend(b("{\"run_id\":\"" + runId + "\",\"amount\":6.5}"));
        assertEquals("{\"run_id\":\"" + runId + "\",\"allowed\":true,\"remaining\":6.5,\"reason\":\"ok\"}", text(can));
        ApiResult none = api.canSpend(b("{\"run_id\":\"nobody\",\"amount\":1}"));
        assertTrue(text(none).contains("\"allowed\":false") && text(none).contains("budget_not_found"));

        ApiResult patched = api.update(runId, b("{\"limit\":\"3\"}"));
        assertTrue(text(patched).contains("\"exceeded\":true,\"circuit_open\":true"));
        assertTrue(context.getBean(BudgetCircuitGuard.class).isCircuitOpen(runId));
        api.update(runId, b("{\"limit\":20,\"circuit_open\":false}"));
        assertFalse(context.getBean(BudgetCircuitGuard.class).isCircuitOpen(runId));
        assertEquals(204, api.delete(runId).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> api.status(runId)).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> api.delete(runId)).status());
    }

    @Test
    void hostAndPortConfigureTheConnectionWhenThereIsNoUri() {
        int port = EmbeddedRedis.shared().port();
        try (ApplicationContext other = ApplicationContext.run(Map.of("redis.host", "127.0.0.1", "redis.port", port, "redis.db", 1))) {
            BudgetApi viaHost = other.getBean(BudgetApi.class);
            String runId = Ids.newId("run");
            assertEquals(201, viaHost.create(b("{\"run_id\":\"" + runId + "\",\"limit\":1}")).status());
            assertEquals(404, assertThrows(ProblemException.class, () -> api.status(runId)).status(), "database 1 is not database 0");
            assertFalse(other.getBean(BudgetCircuitGuard.class).isCircuitOpen(runId));
        }
    }

    @Test
    void settingsComeFromConfiguration() {
        BudgetSettings settings = context.getBean(BudgetSettings.class);
        assertEquals(7200, settings.ttlSeconds());
        assertEquals(java.time.Duration.ofSeconds(2), settings.commandTimeout());
        assertEquals("safety:events", settings.eventStream());
        assertEquals(null, context.getBean(AlertSettings.class).webhookUrl(), "no alert webhook unless configured");
    }
}
