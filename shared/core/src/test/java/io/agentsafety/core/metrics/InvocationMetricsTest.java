package io.agentsafety.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.testing.EmfCapture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorder and its EMF lines, through a real application context and the real stdout. */
class InvocationMetricsTest {

    private static ApplicationContext context(Map<String, Object> properties) {
        return ApplicationContext.run(properties);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void oneSpecLinePerSetOfDimensionValuesWithTheConfiguredDimensionsLeading() {
        try (ApplicationContext ctx = context(Map.of("safety.metrics.dimensions.stage", "prod",
                "safety.metrics.dimensions.service", "agent-safety", "micronaut.application.name", "policy-check"));
             EmfCapture emf = EmfCapture.start()) {
            InvocationMetrics metrics = ctx.getBean(InvocationMetrics.class);
            metrics.begin("agent-safety-PolicyCheckFunction-AbC123");
            metrics.count(MetricNames.DECISIONS, 1, Dimension.of("Verdict", "deny"), Dimension.of("ActionType", "execute_code"));
            metrics.count(MetricNames.DECISIONS, 1, Dimension.of("Verdict", "deny"), Dimension.of("ActionType", "execute_code"));
            metrics.count(MetricNames.DECISIONS, 1, Dimension.of("Verdict", "allow"), Dimension.of("ActionType", "deploy"));
            metrics.error(503);
            metrics.end(12.5);

            List<JsonNode> lines = emf.lines();
            assertEquals(4, lines.size(), "deny×execute_code, allow×deploy, Errors, Requests+Latency: " + lines);
            JsonNode deny = lines.get(0);
            assertEquals(2, deny.get("Decisions").asInt(), "counts of one series are summed");
            assertEquals("deny", deny.get("Verdict").asText());
            assertEquals("execute_code", deny.get("ActionType").asText());
            assertEquals("prod", deny.get("Stage").asText());
            assertEquals("agent-safety", deny.get("Service").asText());
            assertEquals("agent-safety-PolicyCheckFunction-AbC123", deny.get("FunctionName").asText());
            JsonNode directive = deny.get("_aws").get("CloudWatchMetrics").get(0);
            assertEquals("AgentSafety", directive.get("Namespace").asText());
            assertEquals(List.of(
                    List.of("Service", "Stage", "FunctionName", "Verdict"),
                    List.of("Service", "Stage", "FunctionName", "Verdict", "ActionType"),
                    List.of("Service", "Stage", "Verdict"),
                    List.of("Service", "Stage", "Verdict", "ActionType")),
                List.of(strings(directive.get("Dimensions").get(0)), strings(directive.get("Dimensions").get(1)),
                    strings(directive.get("Dimensions").get(2)), strings(directive.get("Dimensions").get(3))));
            assertEquals(4, directive.get("Dimensions").size());
            assertEquals("Count", directive.get("Metrics").get(0).get("Unit").asText());
            assertTrue(Math.abs(deny.get("_aws").get("Timestamp").asLong() - System.currentTimeMillis()) < 60_000);

            assertEquals(1, emf.sum("Decisions", Map.of("Verdict", "allow", "ActionType", "deploy")));
            assertEquals(1, emf.sum("Errors", Map.of("StatusClass", "5xx", "Status", "503")));
            JsonNode last = lines.get(3);
            assertEquals(1, last.get("Requests").asInt());
            assertEquals(12.5, last.get("Latency").asDouble());
            JsonNode lastDirective = last.get("_aws").get("CloudWatchMetrics").get(0);
            assertEquals(List.of("Service", "Stage", "FunctionName"), strings(lastDirective.get("Dimensions").get(0)));
            assertEquals(List.of("Service", "Stage"), strings(lastDirective.get("Dimensions").get(1)));
            assertEquals("Milliseconds", lastDirective.get("Metrics").get(1).get("Unit").asText());

            emf.reset();
            metrics.flush();
            assertEquals(List.of(), emf.lines(), "a flush writes what was recorded once");
        }
    }

    @Test
    void noCallerTextBecomesADimension() {
        assertEquals("other", Dimension.of("Kind", "ghp_0123/../x y").value());
        assertEquals("other", Dimension.of("Kind", "run-42").value(), "no '-': ids and hosts carry it, closed sets don't");
        assertEquals("other", Dimension.of("Kind", "x".repeat(65)).value());
        assertEquals("other", Dimension.of("Kind", null).value());
        assertEquals("aws_secret_access_key", Dimension.of("Kind", "aws_secret_access_key").value());
        assertThrows(IllegalArgumentException.class, () -> Dimension.of("run_id", "x"));
        try (ApplicationContext ctx = context(Map.of("micronaut.application.name", "redact"));
             EmfCapture emf = EmfCapture.start()) {
            InvocationMetrics metrics = ctx.getBean(InvocationMetrics.class);
            metrics.begin("not a lambda name\"}");
            metrics.count(MetricNames.REDACTIONS, 3, Dimension.of("Kind", "sk_live_abcdef\n"));
            metrics.flush();
            JsonNode line = emf.lines().get(0);
            assertEquals("redact", line.get("FunctionName").asText(), "an invalid function name falls back to the application");
            assertEquals("other", line.get("Kind").asText());
            assertFalse(line.toString().contains("sk_live"));
        }
    }

    @Test
    void moreThanAHundredObservationsContinueOnTheNextLine() {
        try (ApplicationContext ctx = context(Map.of()); EmfCapture emf = EmfCapture.start()) {
            InvocationMetrics metrics = ctx.getBean(InvocationMetrics.class);
            for (int i = 0; i < 150; i++) {
                metrics.observe(MetricNames.SANDBOX_SECONDS, MetricUnit.SECONDS, i + 0.25, Dimension.of("Backend", "local"));
            }
            metrics.observe(MetricNames.SANDBOX_SECONDS, MetricUnit.SECONDS, Double.NaN, Dimension.of("Backend", "local"));
            metrics.flush();
            List<JsonNode> lines = emf.lines();
            assertEquals(2, lines.size());
            assertEquals(100, lines.get(0).get("SandboxSeconds").size());
            assertEquals(50, lines.get(1).get("SandboxSeconds").size());
            assertEquals("Seconds", lines.get(1).get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Unit").asText());
            assertEquals(150, emf.values("SandboxSeconds", Map.of("Backend", "local")).size(), "NaN is not written");
            assertEquals(0.25, emf.values("SandboxSeconds", Map.of()).get(0));
        }
    }

    @Test
    void environmentVariablesConfigureNamespaceAndDimensions() {
        try (ApplicationContext ctx = ApplicationContext.builder()
                .propertySources(PropertySource.of("env", Map.of("SAFETY_METRICS_NAMESPACE", "Guards",
                    "SAFETY_METRICS_DIMENSIONS_STAGE", "staging", "SAFETY_METRICS_DIMENSIONS_SERVICE", "stack-1"),
                    PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .start()) {
            MetricsConfiguration config = ctx.getBean(MetricsConfiguration.class);
            assertEquals("Guards", config.getNamespace());
            assertEquals(Map.of("Stage", "staging", "Service", "stack-1"), config.getDimensions());
            assertEquals(List.of("Service", "Stage"), List.copyOf(config.getDimensions().keySet()));
        }
    }

    @Test
    void disabledMetricsWriteNothing() {
        try (ApplicationContext ctx = context(Map.of("safety.metrics.enabled", false)); EmfCapture emf = EmfCapture.start()) {
            InvocationMetrics metrics = ctx.getBean(InvocationMetrics.class);
            metrics.count(MetricNames.BREAKER_TRIPS, 1);
            metrics.error(500);
            metrics.end(3);
            assertEquals(List.of(), emf.lines());
        }
    }

    @Test
    void badConfigurationFailsAtStart() {
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("safety.metrics.dimensions.verdict", "x"),
                Map.<String, Object>of("safety.metrics.dimensions.function-name", "x"),
                Map.<String, Object>of("safety.metrics.dimensions.stage", "has space"),
                Map.<String, Object>of("safety.metrics.namespace", "AWS/Lambda"))) {
            try (ApplicationContext ctx = context(bad)) {
                assertThrows(BeanInstantiationException.class, () -> ctx.getBean(InvocationMetrics.class), bad.toString());
            }
        }
    }
}
