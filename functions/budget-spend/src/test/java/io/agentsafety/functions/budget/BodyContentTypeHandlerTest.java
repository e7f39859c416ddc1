package io.agentsafety.functions.budget;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.budget.BudgetFunctionFixture;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 probe: bodies without a content type and amounts such as " 1" or "+1" were accepted. Through the
 * real handler: the content-type rule (a filter of shared/core, so every route has it) and the amount grammar.
 */
class BodyContentTypeHandlerTest {

    private static final String SPEND = "/api/v1/safety/budget/spend";
    private static BudgetFunctionFixture fn;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        fn = BudgetFunctionFixture.start("budget-spend");
        http = fn.http();
    }

    @AfterAll
    static void stop() {
        fn.close();
    }

    /** contentType null = the header is absent; withLength false = no Content-Length either (as some clients send). */
    private static APIGatewayV2HTTPResponse post(String contentType, String body, boolean withLength) {
        APIGatewayV2HTTPEvent event = ApiEvents.request("POST", SPEND).body(contentType == null ? "x/x" : contentType, body).build();
        if (contentType == null) {
            event.getHeaders().remove("content-type");
        }
        if (!withLength) {
            event.getHeaders().remove("content-length");
        }
        return http.send(event);
    }

    @Test
    void aBodyWithoutAJsonContentTypeIs415AndRecordsNothing() throws IOException {
        String runId = fn.budget("10");
        String body = "{\"run_id\":\"" + runId + "\",\"amount\":1}";
        for (String type : new String[]{null, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "text/json"}) {
            for (boolean withLength : new boolean[]{true, false}) {
                APIGatewayV2HTTPResponse response = post(type, body, withLength);
                http.assertProblem(response, 415, null);
                assertEquals("unsupported_media_type", http.body(response).get("code").getStringValue());
                assertTrue(http.body(response).get("detail").getStringValue().contains("application/json"));
            }
        }
        assertEquals("0", spent(runId), "nothing was recorded by the refused requests");
    }

    @Test
    void jsonTypesWithUtf8AndStructuredSuffixesAreAccepted() throws IOException {
        String runId = fn.budget("10");
        String body = "{\"run_id\":\"" + runId + "\",\"amount\":1}";
        for (String type : new String[]{"application/json", "APPLICATION/JSON; Charset=UTF-8", "application/merge-patch+json", "application/vnd.acme+json"}) {
            assertEquals(200, post(type, body, true).getStatusCode(), type);
        }
        assertEquals("4", spent(runId));
    }

    private static String spent(String runId) {
        return ((java.util.Map<?, ?>) fn.api().status(runId).body()).get("spent").toString();
    }

    @Test
    void anEmptyBodyIsStillTheRoutes400() {
        APIGatewayV2HTTPEvent event = ApiEvents.request("POST", SPEND).build();
        http.assertProblem(http.send(event), 400, null);
    }

    @Test
    void amountsMustBeNumbersOrCanonicalDecimalStrings() {
        String runId = fn.budget("10");
        for (String amount : new String[]{"\" 1\"", "\"+1\"", "\"1 \"", "\"01\"", "\".5\"", "\"5.\"", "\"1e2\"", "\"1.0000000\"", "\"\\u00a01\""}) {
            http.assertProblem(http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":" + amount + "}"), 400, "amount");
        }
        assertEquals(200, http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":\"1.5\"}").getStatusCode());
        assertEquals(200, http.send("POST", SPEND, "{\"run_id\":\"" + runId + "\",\"amount\":1e-1}").getStatusCode());
    }
}
