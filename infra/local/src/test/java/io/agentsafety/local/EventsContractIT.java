package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.local.states.Execution;
import io.agentsafety.local.states.LocalStateMachines;
import io.agentsafety.local.template.FunctionDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event of infra/events through the runner's {@code invoke} (the function's own jar, a fresh worker JVM per
 * function, the embedded Redis), each on an emptied Redis after the events setup.json lists for it, with the ids
 * they returned in place of the placeholders: an HTTP API event answers 2xx with a JSON body (204: none; the console:
 * its HTML page), a direct one returns no {@code errorType}. And the state machine's contract with the route it mirrors: the request of
 * sandbox-exec.json, as an execution's input, gives an output with exactly the keys of the route's answer.
 */
class EventsContractIT {

    static LocalRunner runner;
    static SampleEvents events;

    @BeforeAll
    static void start() throws Exception {
        runner = SharedLocalRunner.runner();
        events = new SampleEvents(PolicyCheckApiIT.TEMPLATE.getParent().resolve("events"));
    }

    @Test
    void everyEventSucceedsThroughInvokeOnAFreshRedis() throws Exception {
        Map<String, SampleEvents.Setup> setups = events.setups();
        List<String> failures = new ArrayList<>();
        for (String file : events.files()) {
            SharedLocalRunner.flushRedis();
            SampleEvents.Setup setup = setups.getOrDefault(file, new SampleEvents.Setup(null, null));
            Map<String, String> ids = new LinkedHashMap<>();
            try {
                for (String first : setup.setup()) {
                    JsonNode answer = invokeAndCheck(first, ids);
                    for (Map.Entry<String, String> id : setup.ids().entrySet()) {
                        if (SampleEvents.sourceEvent(id.getValue()).equals(first)) {
                            ids.put(id.getKey(), SampleEvents.capture(id.getValue(), answer));
                        }
                    }
                }
                invokeAndCheck(file, ids);
            } catch (AssertionError | RuntimeException e) {
                failures.add(file + (setup.setup().isEmpty() ? "" : " (after " + setup.setup() + ")") + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
    }

    /** The event with the placeholders replaced, invoked as {@code invoke} does; fails with the answer unless it succeeded. */
    private static JsonNode invokeAndCheck(String file, Map<String, String> ids) throws Exception {
        String text = new String(events.read(file), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> id : ids.entrySet()) {
            text = text.replace(id.getKey(), id.getValue());
        }
        FunctionDef function = SampleEvents.functionOf(runner.template(), file).orElseThrow();
        Invocation invocation = runner.invoke(function.logicalId(), text.getBytes(StandardCharsets.UTF_8));
        String payload = new String(invocation.payload(), StandardCharsets.UTF_8);
        JsonNode answer = HttpTestClient.JSON.readTree(invocation.payload());
        assertFalse(invocation.functionError() || answer.has("errorType"), file + " -> " + payload);
        if (!function.routes().isEmpty()) {
            int status = answer.path("statusCode").asInt();
            assertTrue(status >= 200 && status < 300, file + " -> " + payload);
            String body = answer.path("body").asText("");
            String type = "";
            for (java.util.Iterator<Map.Entry<String, JsonNode>> h = answer.path("headers").fields(); h.hasNext(); ) {
                Map.Entry<String, JsonNode> header = h.next();
                type = header.getKey().equalsIgnoreCase("content-type") ? header.getValue().asText() : type;
            }
            if (type.startsWith("text/html")) {
                // the console's page (console.json): its own document, not an API answer
                assertTrue(body.startsWith("<!doctype html>"), file + " -> an HTML page: " + payload);
            } else if (status != 204) {
                JsonNode parsed = HttpTestClient.JSON.readTree(body);
                assertTrue(parsed != null && (parsed.isObject() || parsed.isArray()) && !parsed.isEmpty(), file + " -> a JSON body: " + payload);
            }
        }
        return answer;
    }

    @Test
    void safeExecuteAnswersWithTheKeysOfTheSandboxExecRoute() throws Exception {
        SharedLocalRunner.flushRedis();
        invokeAndCheck("budget-create.json", Map.of());
        JsonNode route = HttpTestClient.JSON.readTree(invokeAndCheck("sandbox-exec.json", Map.of()).get("body").asText());
        JsonNode request = HttpTestClient.JSON.readTree(
            HttpTestClient.JSON.readTree(events.read("sandbox-exec.json")).get("body").asText());
        LocalStateMachines.Started started = runner.stateMachines().start("SafeExecuteStateMachine", null, request);
        Execution.Result result = runner.stateMachines().await(started, Duration.ofSeconds(120));
        assertTrue(result.succeeded(), String.valueOf(result));
        assertEquals(keys(route), keys(result.output()), "execution output vs POST /sandbox/exec answer");
        assertEquals(keys(route.get("results").get(0)), keys(result.output().get("results").get(0)), "a result's keys");
        assertEquals(route.get("results").size(), result.output().get("results").size());
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
