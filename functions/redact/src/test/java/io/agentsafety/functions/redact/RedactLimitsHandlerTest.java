package io.agentsafety.functions.redact;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 part 2, through the real API Gateway v2 handler: the probe's requests (one 10,000-character
 * extra secret killed the worker, 200 of 56 characters timed out, a 5.5 MB token-dense text gave a
 * 9.5 MB response) and every documented limit just below and just above.
 */
class RedactLimitsHandlerTest {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static LambdaHttp http;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        http = new LambdaHttp("redact");
        json = http.bean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static APIGatewayV2HTTPResponse post(String body) {
        return http.send(ApiEvents.postJson("/api/v1/safety/redact", body));
    }

    private static String quote(Object value) throws IOException {
        return json.writeValueAsString(value);
    }

    static String random(Random r, String alphabet, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(c);
    }

    static List<String> values(Random r, int count, int length) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(random(r, ALNUM + "-_+/", length));
        }
        return out;
    }

    private static void assertRedactsAll(List<String> secrets) throws IOException {
        StringBuilder text = new StringBuilder("deploy log\n");
        for (String s : secrets) {
            text.append("value=").append(s).append('\n');
        }
        APIGatewayV2HTTPResponse response = post("{\"text\":" + quote(text.toString()) + ",\"extra_secrets\":" + quote(secrets) + "}");
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = http.body(response);
        assertEquals(secrets.size(), body.get("count").getIntValue());
        for (String s : secrets) {
            assertFalse(response.getBody().contains(s));
        }
    }

    @Test
    void theProbesExtraSecretsAreRedactedInsteadOfKillingTheWorker() throws IOException {
        Random r = new Random(13);
        assertRedactsAll(values(r, 1, 10_000));
        assertRedactsAll(values(r, 200, 56));
        assertRedactsAll(values(r, 1, RedactRequests.MAX_VALUE_CHARS));
        assertRedactsAll(values(r, RedactRequests.MAX_ITEMS, 65));
    }

    @Test
    void knownValuesBeyondTheTotalAre413NamingTheFields() throws IOException {
        Random r = new Random(5);
        List<String> two = values(r, 2, 40_000);
        APIGatewayV2HTTPResponse tooMuch = post("{\"text\":\"x\",\"extra_secrets\":" + quote(two) + "}");
        http.assertProblem(tooMuch, 413, "extra_secrets");
        assertEquals("known_values_too_large", http.body(tooMuch).get("code").getStringValue());
        assertFalse(tooMuch.getBody().contains(two.get(0).substring(0, 20)));

        APIGatewayV2HTTPResponse both = post("{\"text\":\"x\",\"extra_secrets\":" + quote(two.subList(0, 1))
            + ",\"env\":{\"DB_PASSWORD\":" + quote(two.get(1)) + "}}");
        http.assertProblem(both, 413, "extra_secrets");
        assertEquals("env", http.body(both).get("errors").get(1).get("field").getStringValue());

        // 22,000 euro signs: 22,000 characters but 66,000 UTF-8 bytes
        http.assertProblem(post("{\"text\":\"x\",\"extra_secrets\":[" + quote("\u20ac".repeat(22_000)) + "]}"), 413, "extra_secrets");
    }

    @Test
    void countsAndLengthsBeyondTheLimitsAre400NamingTheField() throws IOException {
        Random r = new Random(9);
        http.assertProblem(post("{\"text\":\"x\",\"extra_secrets\":" + quote(values(r, RedactRequests.MAX_ITEMS + 1, 8)) + "}"),
            400, "extra_secrets");
        http.assertProblem(post("{\"text\":\"x\",\"extra_secrets\":[\"abcd\"," + quote("a".repeat(RedactRequests.MAX_VALUE_CHARS + 1)) + "]}"),
            400, "extra_secrets[1]");
        http.assertProblem(post("{\"text\":\"x\",\"env\":{" + quote("N".repeat(RedactRequests.MAX_ENV_NAME + 1)) + ":\"value-123\"}}"),
            400, "env");
    }

    @Test
    void customPatternsThatWouldExhaustMemoryAre400() throws IOException {
        // 15 characters, a million RE2J instructions (~65 MB) once compiled
        APIGatewayV2HTTPResponse nested = post("{\"text\":\"x\",\"custom_patterns\":[{\"kind\":\"k\",\"regex\":\"(a{1000}){1000}\"}]}");
        http.assertProblem(nested, 400, "custom_patterns[0].regex");

        StringBuilder heavy = new StringBuilder("[");
        for (int i = 0; i < 6; i++) {
            heavy.append(i == 0 ? "" : ",").append("{\"kind\":\"k").append(i).append("\",\"regex\":\"(x{1000}){4}\"}");
        }
        http.assertProblem(post("{\"text\":\"x\",\"custom_patterns\":" + heavy + "]}"), 400, "custom_patterns");

        StringBuilder keywords = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            List<String> kw = new ArrayList<>();
            for (int k = 0; k < 41; k++) {
                kw.add("kw" + i + "_" + k);
            }
            keywords.append(i == 0 ? "" : ",").append("{\"kind\":\"k").append(i).append("\",\"regex\":\"kw[0-9]+\",\"keywords\":")
                .append(quote(kw)).append('}');
        }
        http.assertProblem(post("{\"text\":\"x\",\"custom_patterns\":" + keywords + "]}"), 400, "custom_patterns");
    }

    @Test
    void customPatternsWithoutKeywordsOverALargeTextAre413BeforeTheyRun() throws IOException {
        String text = quote("2025-05-01 INFO request handled path=/api/v1/orders\n".repeat(40_000));
        String three = "[" + String.join(",", List.of(
            "{\"kind\":\"a\",\"regex\":\"[a-z]{1000}\"}",
            "{\"kind\":\"b\",\"regex\":\"[0-9]{1000}\"}",
            "{\"kind\":\"c\",\"regex\":\"[A-Z]{1000}\"}")) + "]";
        // 3 x 2.1 M characters x 1000 instructions: over the work bound, refused without running
        APIGatewayV2HTTPResponse costly = post("{\"text\":" + text + ",\"custom_patterns\":" + three + "}");
        http.assertProblem(costly, 413, "custom_patterns");
        assertEquals("custom_patterns_too_costly", http.body(costly).get("code").getStringValue());
        // with keywords they only search the lines that hold one
        String keyed = three.replace("\"}", "\",\"keywords\":[\"zz-\"]}");
        assertEquals(200, post("{\"text\":" + text + ",\"custom_patterns\":" + keyed + "}").getStatusCode());
    }

    @Test
    void aTokenDenseTextOf55MbGetsABoundedResponseWithFindingsSummarised() throws IOException {
        Random r = new Random(21);
        StringBuilder text = new StringBuilder(5_600_000);
        int tokens = 0;
        while (text.length() < 5_500_000) {
            text.append("ghp_").append(random(r, ALNUM, 36)).append(' ');
            tokens++;
        }
        String request = "{\"text\":" + quote(text.toString()) + "}";
        APIGatewayV2HTTPResponse response = post(request);
        assertEquals(200, response.getStatusCode(), () -> response.getBody().substring(0, Math.min(500, response.getBody().length())));
        long envelopeBody = json.writeValueAsBytes(response.getBody()).length;
        assertTrue(envelopeBody <= ResponseSize.BODY_BUDGET, envelopeBody + " bytes");
        JsonNode body = http.body(response);
        assertEquals(tokens, body.get("count").getIntValue());
        assertTrue(body.get("findings_truncated").getBooleanValue());
        assertEquals(BoundedRedaction.MAX_LISTED_FINDINGS, body.get("findings").size());
        assertEquals(tokens, body.get("finding_counts").get("github_classic_pat").getIntValue());
        assertEquals(0, body.get("findings").get(0).get("start").getIntValue());
        assertFalse(body.get("redacted").getStringValue().contains("ghp_"));
    }

    @Test
    void aRedactedTextThatCannotFitTheResponseIs413NamingTheLimit() throws IOException {
        // 2.9 M quotes: 5.8 MB in the request, 11.6 MB once escaped inside the Lambda response
        APIGatewayV2HTTPResponse quotes = post("{\"text\":" + quote("\"".repeat(2_900_000)) + "}");
        http.assertProblem(quotes, 413, "text");
        JsonNode problem = http.body(quotes);
        assertEquals("response_too_large", problem.get("code").getStringValue());
        assertTrue(problem.get("detail").getStringValue().contains(String.valueOf(ResponseSize.LAMBDA_RESPONSE_LIMIT)));

        // 1.1 M four-character secrets: each becomes a 23-character marker (26 MB)
        APIGatewayV2HTTPResponse dense = post("{\"text\":" + quote("abcd ".repeat(1_100_000)) + ",\"extra_secrets\":[\"abcd\"]}");
        http.assertProblem(dense, 413, "text");

        APIGatewayV2HTTPResponse fits = post("{\"text\":" + quote("abcd ".repeat(200_000)) + ",\"extra_secrets\":[\"abcd\"]}");
        assertEquals(200, fits.getStatusCode());
        assertEquals(200_000, http.body(fits).get("count").getIntValue());
    }

    @Test
    void smallResponsesListEveryFindingAndSayTheyAreNotTruncated() throws IOException {
        JsonNode body = http.body(post("{\"text\":\"a hunter2hunter2 b\",\"extra_secrets\":[\"hunter2hunter2\"]}"));
        assertFalse(body.get("findings_truncated").getBooleanValue());
        assertEquals(1, body.get("findings").size());
        assertEquals(1, body.get("finding_counts").get("extra_secret").getIntValue());
    }
}
