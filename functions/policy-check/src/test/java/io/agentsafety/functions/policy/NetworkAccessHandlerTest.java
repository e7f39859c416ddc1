package io.agentsafety.functions.policy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** network_access through the real handler, with the allowlist coming from configuration. */
class NetworkAccessHandlerTest {

    private static APIGatewayV2HTTPEventFunction handler;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        // require_approval decisions create approval requests in Redis (fail closed without it)
        System.setProperty("redis.uri", io.agentsafety.testing.EmbeddedRedis.shared().uri());
        handler = new APIGatewayV2HTTPEventFunction(ApplicationContext.builder()
            .properties(Map.of("safety.policy.network.allowlist", "pypi.org,*.github.com")).start());
        json = handler.getApplicationContext().getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        handler.close();
    }

    private static JsonNode check(String params) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(ApiEvents.postJson("/api/v1/safety/check",
            "{\"action_type\":\"network_access\",\"params\":" + params + "}"), new TestLambdaContext());
        assertEquals(200, response.getStatusCode(), response.getBody());
        return json.readValue(response.getBody(), JsonNode.class);
    }

    @ParameterizedTest
    @CsvSource({
        "https://pypi.org/simple/, allow",
        "https://api.github.com/repos, allow",
        "https://github.com/, deny",
        "https://pypi.org@evil.com/, deny",
        "http://169.254.169.254/latest/meta-data/, deny",
        "http://0x7f.1/, deny",
        "ftp://pypi.org/, deny",
        "https://PYPI.ORG./x, allow"})
    void urlsAreCheckedAgainstTheAllowlist(String url, String verdict) throws IOException {
        assertEquals(verdict, check("{\"url\":\"" + url + "\"}").get("verdict").getStringValue(), url);
    }

    @Test
    void hostAndPortForm() throws IOException {
        assertEquals("allow", check("{\"host\":\"pypi.org\",\"port\":443}").get("verdict").getStringValue());
        JsonNode local = check("{\"host\":\"localhost\",\"port\":6379}");
        assertEquals("deny", local.get("verdict").getStringValue());
        assertFalse(local.get("matched_rules").get(0).get("id").getStringValue().isEmpty());
    }

    @Test
    void credentialsInTheUrlNeverComeBack() throws IOException {
        JsonNode decision = check("{\"url\":\"https://admin:hunter2secret@evil.com/x\"}");
        assertEquals("deny", decision.get("verdict").getStringValue());
        assertFalse(decision.toString().contains("hunter2secret"), decision.toString());
    }

    @Test
    void missingOrConflictingParamsAre400() {
        APIGatewayV2HTTPResponse none = handler.handleRequest(ApiEvents.postJson("/api/v1/safety/check",
            "{\"action_type\":\"network_access\",\"params\":{}}"), new TestLambdaContext());
        assertEquals(400, none.getStatusCode());
        APIGatewayV2HTTPResponse both = handler.handleRequest(ApiEvents.postJson("/api/v1/safety/check",
            "{\"action_type\":\"network_access\",\"params\":{\"url\":\"https://pypi.org\",\"host\":\"pypi.org\"}}"), new TestLambdaContext());
        assertEquals(400, both.getStatusCode());
    }
}
