package io.agentsafety.policy;

import io.agentsafety.core.Ids;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.ProblemException;
import io.agentsafety.policy.action.ActionBinding;
import io.agentsafety.policy.action.BillingAction;
import io.agentsafety.policy.action.DeleteFilesAction;
import io.agentsafety.policy.action.DeployAction;
import io.agentsafety.policy.action.ExecuteCodeAction;
import io.agentsafety.policy.action.NetworkAccessAction;
import io.agentsafety.policy.action.PolicyAction;
import io.agentsafety.policy.config.ActionSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Binding a check request ({@link PolicyEngine#bind}, {@link ActionBinding}): for each action type, every bad field of
 * the request and of its params comes back in one 400, in reading order, with the messages the API has always given
 * and no value quoted; a valid request binds to the typed action, and an action built in code binds back to itself
 * from its own params.
 */
class PolicyCheckBindingTest {

    private static final PolicyEngine ENGINE = new PolicyEngine(List.of(), new ActionSettings(
        new ActionSettings.ExecuteCode(true, false), new ActionSettings.Deploy(true, false),
        new ActionSettings.CreateBilling(true, false), new ActionSettings.DeleteFiles(true, false),
        new ActionSettings.NetworkAccess(true, false)), null, null);

    /** Every case also has two request-level problems, reported before those of its params. */
    private static final List<String> REQUEST_ERRORS = List.of("colour: is not a known field", "run_id: " + Ids.identifierRule());

    static Stream<Arguments> everyBadField() {
        return Stream.of(
            Arguments.of("execute_code", "{\"command\":5,\"language\":\"python\",\"shell\":\" \",\"env\":{\"1X\":\"a\",\"B\":7},"
                    + "\"timeout_seconds\":0,\"colour\":\"red\"}",
                List.of("params.colour: is not a known field", "params.command: must be a string",
                    "params.shell: must not be blank", "params.env.B: must be a string",
                    "params.timeout_seconds: must be between 1 and 86400", "params.language: is only allowed with code",
                    "params.env: keys must be environment variable names")),
            Arguments.of("delete_files", "{\"paths\":[],\"path\":3,\"recursive\":\"yes\",\"force\":1,\"cwd\":\"relative/dir\"}",
                List.of("params.paths: must name at least one path", "params.path: must be a string",
                    "params.recursive: must be true or false", "params.force: must be true or false",
                    "params.cwd: must be an absolute path (or start with ~)")),
            Arguments.of("network_access", "{\"url\":\"https://example.org/\",\"port\":70000,\"method\":5}",
                List.of("params.port: must be between 1 and 65535", "params.method: must be a string",
                    "params.url: give either url, or host with an optional port, not both")),
            Arguments.of("deploy", "{\"environment\":\"\\u200b\",\"target\":1,\"strategy\":\"" + "s".repeat(65) + "\"}",
                List.of("params.target: must be a string", "params.strategy: must be at most 64 characters",
                    "params.environment: must contain a visible name")),
            Arguments.of("create_billing", "{\"amount\":\"-1\",\"currency\":\"usd1\",\"customer\":\"\",\"idempotency_key\":true}",
                List.of("params.amount: must be greater than zero", "params.currency: must be at most 3 characters",
                    "params.customer: must not be blank", "params.idempotency_key: must be a string")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyBadField")
    void everyBadFieldInOneAnswer(String type, String params, List<String> paramErrors) {
        String json = "{\"action_type\":\"" + type + "\",\"run_id\":\"../x\",\"colour\":1,\"params\":" + params + "}";
        ProblemException e = assertThrows(ProblemException.class, () -> ENGINE.bind(fields(json)));
        assertEquals(400, e.status());
        List<String> expected = new ArrayList<>(REQUEST_ERRORS);
        expected.addAll(paramErrors);
        assertEquals(expected, e.problem().errors().stream().map(f -> f.field() + ": " + f.message()).toList());
    }

    static Stream<Arguments> validRequests() {
        return Stream.of(
            Arguments.of("{\"action_type\":\"execute_code\",\"params\":{\"code\":\"print(1)\",\"language\":\"python\","
                + "\"env\":{\"DIR\":\"/srv\"},\"timeout_seconds\":30}}",
                new ExecuteCodeAction(null, "print(1)", "python", null, null, null, Map.of("DIR", "/srv"), 30L, null)),
            Arguments.of("{\"action_type\":\"delete_files\",\"params\":{\"paths\":[\"a\"],\"path\":\"b\",\"recursive\":true,"
                + "\"cwd\":\"/srv/ws\"}}", new DeleteFilesAction(List.of("a", "b"), true, false, "/srv/ws")),
            Arguments.of("{\"action_type\":\"NETWORK-ACCESS\",\"params\":{\"host\":\"db.internal\",\"port\":5432}}",
                new NetworkAccessAction(null, "db.internal", 5432, null, null, null)),
            Arguments.of("{\"action_type\":\"deploy\",\"params\":{\"environment\":\"production\",\"target\":\"api\"}}",
                new DeployAction("production", "api", null, null, null, null, null)),
            Arguments.of("{\"action_type\":\"create_billing\",\"params\":{\"amount\":\"250.50\",\"currency\":\"usd\","
                + "\"customer\":\"cus_1\"}}", new BillingAction(new BigDecimal("250.5"), "USD", "cus_1", null, null)));
    }

    @ParameterizedTest
    @MethodSource("validRequests")
    void aValidRequestBindsToItsTypedAction(String json, PolicyAction expected) {
        PolicyCheck check = ENGINE.bind(fields(json));
        assertEquals(expected, check.action());
        assertEquals(expected.type(), check.type());
        // the params stay as sent: an approval is bound to them
        assertEquals(fields(json).raw("params"), check.params());
    }

    @ParameterizedTest
    @MethodSource("validRequests")
    void anActionBuiltInCodeBindsBackFromItsOwnParams(String json, PolicyAction action) {
        JsonFields params = JsonFields.of(action.toParams());
        PolicyAction bound = ActionBinding.bind(action.type(), params);
        params.validate();
        assertEquals(action, bound);
        assertEquals(action.toParams(), PolicyCheck.of(action, "run-1", "agent").params());
    }

    private static JsonFields fields(String json) {
        return JsonFields.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
