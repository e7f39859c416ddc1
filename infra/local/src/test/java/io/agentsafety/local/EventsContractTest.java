package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsafety.local.template.FunctionDef;
import io.agentsafety.local.template.Route;
import io.agentsafety.local.template.SamTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * infra/events against infra/template.yaml, without running anything: every function has an event, every event
 * names a function, an HTTP API function's events are API Gateway payload 2.0 events of one of its routes, a
 * direct-invoke function's are not, and setup.json only refers to events and placeholders that exist.
 */
class EventsContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static SamTemplate template;
    static SampleEvents events;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load(PolicyCheckApiIT.TEMPLATE, "us-east-1", w -> { });
        events = new SampleEvents(PolicyCheckApiIT.TEMPLATE.getParent().resolve("events"));
    }

    @Test
    void theNamingRuleIsTheLogicalIdInKebabCase() {
        assertEquals("sandbox-gate-step", SampleEvents.baseName("SandboxGateStepFunction"));
        assertEquals("policy-check-direct", SampleEvents.baseName("PolicyCheckDirectFunction"));
        assertEquals("budget-can-spend", SampleEvents.baseName("BudgetCanSpendFunction"));
    }

    @Test
    void everyFunctionHasAnEventAndEveryEventNamesAFunction() throws IOException {
        Set<String> covered = new TreeSet<>();
        for (String file : events.files()) {
            assertTrue(file.matches("[a-z0-9-]+(\\.[a-z0-9-]+)?\\.json"), file + ": <function>[.<case>].json");
            FunctionDef function = SampleEvents.functionOf(template, file)
                .orElseThrow(() -> new AssertionError(file + " names no function of the template"));
            covered.add(function.logicalId());
        }
        assertEquals(new TreeSet<>(template.functions().keySet()), covered, "functions with at least one event");
    }

    @Test
    void httpEventsArePayload2EventsOfOneOfTheirFunctionsRoutes() throws IOException {
        for (String file : events.files()) {
            FunctionDef function = SampleEvents.functionOf(template, file).orElseThrow();
            JsonNode event = JSON.readTree(events.read(file));
            assertTrue(event.isObject(), file);
            if (function.routes().isEmpty()) {
                assertFalse(event.has("routeKey") || event.has("requestContext") && event.get("requestContext").has("http"),
                    file + ": " + function.logicalId() + " is invoked directly, not through the HTTP API");
                continue;
            }
            assertEquals("2.0", event.path("version").asText(), file);
            String routeKey = event.path("routeKey").asText();
            Route route = function.routes().stream().filter(r -> r.routeKey().equals(routeKey)).findFirst()
                .orElseThrow(() -> new AssertionError(file + ": " + routeKey + " is not a route of " + function.logicalId()));
            String rawPath = event.path("rawPath").asText();
            Map<String, String> parameters = route.match(rawPath);
            assertNotNull(parameters, file + ": " + rawPath + " does not match " + route.path());
            JsonNode http = event.path("requestContext").path("http");
            assertEquals(route.method(), http.path("method").asText(), file);
            assertEquals(rawPath, http.path("path").asText(), file);
            assertEquals(routeKey, event.path("requestContext").path("routeKey").asText(), file);
            assertTrue(event.has("rawQueryString") && event.path("headers").isObject(), file);
            assertEquals(parameters, parameters.isEmpty() && !event.has("pathParameters") ? Map.of()
                : JSON.convertValue(event.get("pathParameters"), Map.class), file + ": pathParameters");
            if (event.has("body")) {
                assertFalse(event.path("isBase64Encoded").asBoolean(), file);
                assertEquals("application/json", event.path("headers").path("content-type").asText(), file);
                JsonNode body = JSON.readTree(event.get("body").asText());
                assertTrue(body.isObject(), file + ": body is a JSON object as a string");
                assertEquals(Integer.toString(event.get("body").asText().getBytes(StandardCharsets.UTF_8).length),
                    event.path("headers").path("content-length").asText(), file + ": content-length");
            } else {
                assertTrue(List.of("GET", "DELETE").contains(route.method()), file + ": a " + route.method() + " needs a body");
            }
        }
    }

    @Test
    void setupRefersToEventsAndPlaceholdersThatExist() throws IOException {
        Set<String> files = new HashSet<>(events.files());
        for (Map.Entry<String, SampleEvents.Setup> entry : events.setups().entrySet()) {
            String file = entry.getKey();
            SampleEvents.Setup setup = entry.getValue();
            assertTrue(files.contains(file), "setup.json: " + file + " is an event");
            assertFalse(setup.setup().isEmpty(), file);
            setup.setup().forEach(first -> assertTrue(files.contains(first) && !first.equals(file), file + ": setup " + first));
            List<String> sequence = new ArrayList<>(setup.setup());
            for (Map.Entry<String, String> id : setup.ids().entrySet()) {
                String source = SampleEvents.sourceEvent(id.getValue());
                assertTrue(setup.setup().contains(source), file + ": " + id.getKey() + " comes from a setup event");
                assertTrue(id.getValue().contains("#/"), file + ": <event>#<JSON pointer>");
                boolean used = false;
                for (String later : sequence.subList(sequence.indexOf(source) + 1, sequence.size())) {
                    used |= new String(events.read(later), StandardCharsets.UTF_8).contains(id.getKey());
                }
                used |= new String(events.read(file), StandardCharsets.UTF_8).contains(id.getKey());
                assertTrue(used, file + ": placeholder " + id.getKey() + " appears after " + source);
            }
        }
    }
}
