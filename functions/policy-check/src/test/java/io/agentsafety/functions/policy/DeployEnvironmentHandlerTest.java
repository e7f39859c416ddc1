package io.agentsafety.functions.policy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13 probe: deploy environments spoofed with invisible characters, look-alike letters and a trailing dot, through the real handler. */
class DeployEnvironmentHandlerTest {

    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        // a production deploy creates an approval request: its own Redis, not whatever an earlier class left configured
        System.setProperty("redis.uri", io.agentsafety.testing.EmbeddedRedis.shared().uri());
        http = new LambdaHttp("policy-check");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    /** The environment as JSON text (escapes kept, so the invisible characters travel as sent). */
    private static JsonNode deploy(String environmentJson) throws IOException {
        APIGatewayV2HTTPResponse response = http.send(ApiEvents.postJson("/api/v1/safety/check",
            "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"" + environmentJson + "\",\"target\":\"api\"}}"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return http.body(response);
    }

    @Test
    void zeroWidthSpaceAndTrailingDotStillNeedApproval() throws IOException {
        for (String environment : new String[]{"prod\\u200b", "prod.", "\\uff30\\uff32\\uff2f\\uff24", "pr0d"}) {
            JsonNode decision = deploy(environment);
            assertEquals("require_approval", decision.get("verdict").getStringValue(), environment);
            assertFalse(decision.get("allowed").getBooleanValue());
            assertEquals("deploy.production_requires_approval", decision.get("matched_rules").get(0).get("id").getStringValue());
        }
    }

    @Test
    void cyrillicLookAlikeInALatinNameIsDenied() throws IOException {
        JsonNode decision = deploy("pr\\u043ed");
        assertEquals("deny", decision.get("verdict").getStringValue());
        assertEquals("deploy.environment_mixed_scripts", decision.get("matched_rules").get(0).get("id").getStringValue());
        assertTrue(decision.get("reason").getStringValue().contains("mixes scripts"), decision.get("reason").getStringValue());
    }

    @Test
    void nearMissesAreAllowedAsBefore() throws IOException {
        for (String environment : new String[]{"production-eu", "staging", "dev"}) {
            assertEquals("allow", deploy(environment).get("verdict").getStringValue(), environment);
        }
    }
}
