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
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the real API Gateway v2 Lambda handler with real events, as API Gateway would. */
class RedactHandlerTest {

    // Random, format-shaped test values (not real credentials).
    private static final String GITHUB = "ghp_" + "R8vJq2LmX0aZt5YcN3kWp7DsE1fGhU9iB4oQ";
    private static final String STRIPE = "sk_live_" + "51Hx9LmQ2vRt7ZpW3nYk8AsD0fGj4KcE6uIoP1bNqTrX";

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

    private static String quote(String s) throws IOException {
        return json.writeValueAsString(s);
    }

    @Test
    void redactsSecretsAndReportsOffsetsInTheOriginalText() throws IOException {
        String text = "deploy with GITHUB_TOKEN=" + GITHUB + "\nstripe: " + STRIPE + "\nport: 8080\n";
        APIGatewayV2HTTPResponse response = post("{\"text\":" + quote(text) + "}");
        assertEquals(200, response.getStatusCode());
        assertTrue(http.header(response, "content-type").startsWith("application/json"));
        assertFalse(response.getBody().contains(GITHUB));
        assertFalse(response.getBody().contains(STRIPE));
        JsonNode result = http.body(response);
        assertEquals("deploy with GITHUB_TOKEN=[REDACTED:github_classic_pat]\nstripe: [REDACTED:stripe_secret_key]\nport: 8080\n",
            result.get("redacted").getStringValue());
        assertEquals(2, result.get("count").getIntValue());
        JsonNode first = result.get("findings").get(0);
        assertEquals("github_classic_pat", first.get("kind").getStringValue());
        assertEquals(text.indexOf(GITHUB), first.get("start").getIntValue());
        assertEquals(text.indexOf(GITHUB) + GITHUB.length(), first.get("end").getIntValue());
        assertEquals("github-classic-pat", first.get("detector").getStringValue());
    }

    @Test
    void aSecretInsideAnEncodingRedactsTheEncodedForm() throws IOException {
        String blob = Base64.getEncoder().encodeToString(("token: " + GITHUB).getBytes(StandardCharsets.UTF_8));
        String text = "cfg " + blob + " q=" + java.net.URLEncoder.encode("{\"t\":\"" + GITHUB + "\"}", StandardCharsets.UTF_8);
        JsonNode result = http.body(post("{\"text\":" + quote(text) + "}"));
        assertEquals("cfg [REDACTED:github_classic_pat] q=%7B%22t%22%3A%22[REDACTED:github_classic_pat]%22%7D",
            result.get("redacted").getStringValue());
        JsonNode first = result.get("findings").get(0);
        assertEquals("github_classic_pat", first.get("kind").getStringValue());
        assertEquals(text.indexOf(blob), first.get("start").getIntValue());
        assertEquals(text.indexOf(blob) + blob.length(), first.get("end").getIntValue());
        // the response shape is unchanged: the decoder is named in the detector string
        assertEquals("github-classic-pat via base64", first.get("detector").getStringValue());
        assertEquals(2, result.get("finding_counts").get("github_classic_pat").getIntValue());
    }

    @Test
    void cleanTextComesBackUnchanged() throws IOException {
        String text = "2025-04-06T23:14:34.431Z INFO request_id=acfa6352-d56d-4f78-84df-82666998453b status=200 token_count=512";
        JsonNode result = http.body(post("{\"text\":" + quote(text) + "}"));
        assertEquals(text, result.get("redacted").getStringValue());
        assertEquals(0, result.get("count").getIntValue());
    }

    @Test
    void extraSecretsAndEnvValuesAreRemovedAlsoWhenEncoded() throws IOException {
        String secret = "correct-horse-battery";
        String envValue = "p@ss w0rd/with+chars";
        String b64 = Base64.getEncoder().encodeToString(("user:" + secret).getBytes(StandardCharsets.UTF_8));
        String text = "note " + secret + " blob " + b64 + " url ?p=" + java.net.URLEncoder.encode(envValue, StandardCharsets.UTF_8)
            + " hex " + java.util.HexFormat.of().formatHex(envValue.getBytes(StandardCharsets.UTF_8));
        String request = "{\"text\":" + quote(text) + ",\"extra_secrets\":[" + quote(secret) + "],\"env\":{\"MY_VALUE\":" + quote(envValue) + "}}";
        APIGatewayV2HTTPResponse response = post(request);
        assertEquals(200, response.getStatusCode());
        String redacted = http.body(response).get("redacted").getStringValue();
        assertFalse(redacted.contains(secret), redacted);
        assertFalse(redacted.contains(java.net.URLEncoder.encode(envValue, StandardCharsets.UTF_8)), redacted);
        assertFalse(redacted.contains(java.util.HexFormat.of().formatHex(envValue.getBytes(StandardCharsets.UTF_8))), redacted);
        assertTrue(redacted.contains("[REDACTED:extra_secret]"), redacted);
        assertTrue(redacted.contains("[REDACTED:env_secret]"), redacted);
        assertFalse(response.getBody().contains(secret));
    }

    @Test
    void kindsFilterAndCustomPatterns() throws IOException {
        String text = "GITHUB_TOKEN=" + GITHUB + " STRIPE=" + STRIPE + " employee EMP-000123-X";
        JsonNode onlyGithub = http.body(post("{\"text\":" + quote(text) + ",\"kinds\":[\"github_classic_pat\"]}"));
        String r = onlyGithub.get("redacted").getStringValue();
        assertFalse(r.contains(GITHUB));
        assertTrue(r.contains(STRIPE));

        String custom = "{\"text\":" + quote(text) + ",\"custom_patterns\":[{\"id\":\"emp\",\"kind\":\"employee_id\",\"regex\":\"EMP-[0-9]{6}-[A-Z]\",\"keywords\":[\"emp-\"]}],\"kinds\":[\"employee_id\"]}";
        JsonNode customOnly = http.body(post(custom));
        assertEquals("GITHUB_TOKEN=" + GITHUB + " STRIPE=" + STRIPE + " employee [REDACTED:employee_id]", customOnly.get("redacted").getStringValue());
        assertEquals("custom:emp", customOnly.get("findings").get(0).get("detector").getStringValue());
    }

    @Test
    void invalidRequestsAre400NamingTheFieldWithoutEchoingValues() throws IOException {
        APIGatewayV2HTTPResponse unknownKind = post("{\"text\":\"x\",\"kinds\":[\"github_classic_pat\",\"no_such_kind\"]}");
        assertEquals(400, unknownKind.getStatusCode());
        assertEquals("application/problem+json", http.header(unknownKind, "content-type"));
        assertEquals("kinds[1]", http.body(unknownKind).get("errors").get(0).get("field").getStringValue());

        JsonNode unknownField = http.body(post("{\"text\":\"x\",\"secrets\":[\"a\"]}"));
        assertEquals("secrets", unknownField.get("errors").get(0).get("field").getStringValue());

        JsonNode wrongType = http.body(post("{\"text\":42}"));
        assertEquals("text", wrongType.get("errors").get(0).get("field").getStringValue());

        JsonNode missing = http.body(post("{\"extra_secrets\":[\"abcd\"]}"));
        assertEquals("text", missing.get("errors").get(0).get("field").getStringValue());

        JsonNode badEnv = http.body(post("{\"text\":\"x\",\"env\":{\"A\":1}}"));
        assertEquals("env.A", badEnv.get("errors").get(0).get("field").getStringValue());

        APIGatewayV2HTTPResponse badRegex = post("{\"text\":\"x\",\"custom_patterns\":[{\"kind\":\"k\",\"regex\":\"(hunter2-secret\"}]}");
        assertEquals(400, badRegex.getStatusCode());
        assertEquals("custom_patterns[0].regex", http.body(badRegex).get("errors").get(0).get("field").getStringValue());
        assertFalse(badRegex.getBody().contains("hunter2-secret"), "the regex must not be echoed");

        JsonNode backtracking = http.body(post("{\"text\":\"x\",\"custom_patterns\":[{\"kind\":\"k\",\"regex\":\"(a)\\\\1\"}]}"));
        assertEquals("custom_patterns[0].regex", backtracking.get("errors").get(0).get("field").getStringValue());

        JsonNode badKind = http.body(post("{\"text\":\"x\",\"custom_patterns\":[{\"kind\":\"Bad Kind\",\"regex\":\"abc\",\"extra\":1}]}"));
        assertEquals(2, badKind.get("errors").size());

        JsonNode notJson = http.body(post("{\"text\": "));
        assertEquals("body", notJson.get("errors").get(0).get("field").getStringValue());
    }

    @Test
    void oversizeIs413AndWrongMethodIs405() throws IOException {
        String huge = "{\"text\":\"" + "a".repeat(6 * 1024 * 1024) + "\"}";
        APIGatewayV2HTTPResponse tooLarge = post(huge);
        assertEquals(413, tooLarge.getStatusCode());
        assertEquals("application/problem+json", http.header(tooLarge, "content-type"));

        APIGatewayV2HTTPResponse wrongMethod = http.send(ApiEvents.get("/api/v1/safety/redact"));
        assertEquals(405, wrongMethod.getStatusCode());
    }

    @Test
    void largeLogJustUnderTheLimitIsRedacted() throws IOException {
        StringBuilder log = new StringBuilder();
        int i = 0;
        while (log.length() < 4 * 1024 * 1024) {
            log.append("2025-05-01T10:00:00Z INFO request ").append(i++).append(" handled in 12ms path=/api/v1/orders\n");
            if (i % 5000 == 0) {
                log.append("WARN retry with Authorization: Bearer ").append(GITHUB).append('\n');
            }
        }
        APIGatewayV2HTTPResponse response = post("{\"text\":" + quote(log.toString()) + "}");
        assertEquals(200, response.getStatusCode());
        assertFalse(response.getBody().contains(GITHUB));
        assertTrue(http.body(response).get("count").getIntValue() > 0);
    }
}
