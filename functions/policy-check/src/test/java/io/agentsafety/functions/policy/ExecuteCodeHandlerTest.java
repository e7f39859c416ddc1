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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** execute_code through the real API Gateway v2 handler: command analysis end to end. */
class ExecuteCodeHandlerTest {

    private static APIGatewayV2HTTPEventFunction handler;
    private static APIGatewayV2HTTPEventFunction relaxed;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        // require_approval decisions create approval requests in Redis (fail closed without it)
        System.setProperty("redis.uri", io.agentsafety.testing.EmbeddedRedis.shared().uri());
        handler = new APIGatewayV2HTTPEventFunction(ApplicationContext.builder()
            .properties(Map.of("safety.policy.network.allowlist", "pypi.org,*.github.com")).start());
        relaxed = new APIGatewayV2HTTPEventFunction(ApplicationContext.builder()
            .properties(Map.of("safety.policy.rules.disabled", "git.reset_hard,sys.shutdown")).start());
        json = handler.getApplicationContext().getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        handler.close();
        relaxed.close();
    }

    private static APIGatewayV2HTTPResponse post(APIGatewayV2HTTPEventFunction function, String params) {
        return function.handleRequest(ApiEvents.postJson("/api/v1/safety/check",
            "{\"action_type\":\"execute_code\",\"params\":" + params + "}"), new TestLambdaContext("policy-check"));
    }

    private static JsonNode decision(APIGatewayV2HTTPEventFunction function, String params) throws IOException {
        APIGatewayV2HTTPResponse response = post(function, params);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return json.readValue(response.getBody(), JsonNode.class);
    }

    private static String command(String shell) throws IOException {
        return json.writeValueAsString(Map.of("command", shell));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "sudo rm -rf / --no-preserve-root => fs.delete_root",
        "x=rm; $x -rf ~ => fs.delete_home",
        "git push -f origin main => git.force_push_protected",
        "psql -c 'DROP TABLE users' => db.drop_table",
        "echo ZGQgaWY9L2Rldi96ZXJvIG9mPS9kZXYvc2Rh | base64 -d | sh => disk.dd_to_device",
        ":(){ :|:& };: => exec.fork_bomb"})
    void destructiveCommandsAreDenied(String shell, String rule) throws IOException {
        JsonNode decision = decision(handler, command(shell));
        assertEquals("deny", decision.get("verdict").getStringValue(), decision.toString());
        assertFalse(decision.get("allowed").getBooleanValue());
        assertEquals(rule, decision.get("matched_rules").get(0).get("id").getStringValue(), decision.toString());
        assertFalse(decision.get("matched_rules").get(0).get("evidence").getStringValue().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rm -rf ./build node_modules dist", "git push --force-with-lease origin feature/x", "grep -rn \"rm -rf\" .",
        "echo \"DROP TABLE users\" > notes.txt", "git commit -m \"drop table cleanup\"", "npm install", "pytest -x"})
    void benignCommandsAreAllowed(String shell) throws IOException {
        JsonNode decision = decision(handler, command(shell));
        assertEquals("allow", decision.get("verdict").getStringValue(), decision.toString());
        assertTrue(decision.get("allowed").getBooleanValue());
        assertFalse(decision.get("requires_approval").getBooleanValue());
    }

    @Test
    void unresolvableContentRequiresApprovalAndSaysWhat() throws IOException {
        JsonNode decision = decision(handler, command("echo \"$PAYLOAD\" | base64 -d | sh"));
        assertEquals("require_approval", decision.get("verdict").getStringValue());
        assertTrue(decision.get("requires_approval").getBooleanValue());
        assertFalse(decision.get("allowed").getBooleanValue());
        assertEquals("command.unresolved", decision.get("matched_rules").get(0).get("id").getStringValue());
        assertTrue(decision.get("reason").getStringValue().contains("base64"), decision.toString());
    }

    @Test
    void codeAndSqlParamsAreAnalysed() throws IOException {
        assertEquals("deny", decision(handler, "{\"code\":\"import shutil\\nshutil.rmtree('/')\",\"language\":\"python\"}")
            .get("verdict").getStringValue());
        assertEquals("deny", decision(handler, "{\"sql\":\"TRUNCATE orders\"}").get("verdict").getStringValue());
        assertEquals("allow", decision(handler, "{\"sql\":\"SELECT count(*) FROM orders\"}").get("verdict").getStringValue());
    }

    @Test
    void metadataUrlsFetchedByCommandsAreDenied() throws IOException {
        JsonNode decision = decision(handler, command("curl -s http://169.254.169.254/latest/meta-data/iam/"));
        assertEquals("deny", decision.get("verdict").getStringValue());
        assertEquals("network.metadata", decision.get("matched_rules").get(0).get("id").getStringValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{} | params.command",
        "{\"command\":\"ls\",\"sql\":\"SELECT 1\"} | params.command",
        "{\"code\":\"print(1)\"} | params.language",
        "{\"command\":\"\"} | params.command",
        "{\"command\":\"ls\",\"timeout_seconds\":-1} | params.timeout_seconds",
        "{\"command\":\"ls\",\"shel\":\"bash\"} | params.shel"})
    void badParamsAre400NamingTheField(String params, String field) throws IOException {
        APIGatewayV2HTTPResponse response = post(handler, params);
        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode problem = json.readValue(response.getBody(), JsonNode.class);
        assertEquals(field, problem.get("errors").get(0).get("field").getStringValue(), response.getBody());
    }

    @Test
    void rulesDisabledByConfigurationDoNotFire() throws IOException {
        assertEquals("require_approval", decision(handler, command("git reset --hard HEAD~3")).get("verdict").getStringValue());
        assertEquals("allow", decision(relaxed, command("git reset --hard HEAD~3")).get("verdict").getStringValue());
        assertEquals("allow", decision(relaxed, command("sudo reboot")).get("verdict").getStringValue());
        assertEquals("deny", decision(relaxed, command("rm -rf /")).get("verdict").getStringValue());
    }

    @Test
    void thePolicyListsTheCommandRules() throws IOException {
        APIGatewayV2HTTPResponse response = relaxed.handleRequest(ApiEvents.get("/api/v1/safety/policy"),
            new TestLambdaContext("policy-check"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode rules = json.readValue(response.getBody(), JsonNode.class).get("command_rules");
        assertTrue(rules.size() >= 60);
        boolean sawDisabled = false;
        for (JsonNode rule : rules.values()) {
            assertFalse(rule.get("pack").getStringValue().isEmpty());
            if (rule.get("id").getStringValue().equals("git.reset_hard")) {
                assertFalse(rule.get("enabled").getBooleanValue());
                assertEquals("require_approval", rule.get("verdict").getStringValue());
                sawDisabled = true;
            }
        }
        assertTrue(sawDisabled);
    }
}
