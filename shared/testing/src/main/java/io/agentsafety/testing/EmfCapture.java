package io.agentsafety.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Captures what a test writes to {@code System.out} (still passing it through) and reads the CloudWatch Embedded
 * Metric Format lines in it: every line starting with {@code {"_aws"} is parsed and checked against the EMF
 * specification (timestamp, namespace, dimension sets naming string members, each metric a number or an array of at
 * most 100 numbers, no dimension set above 30 names); other lines (the application log) are ignored.
 */
public final class EmfCapture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private EmfCapture() {
        original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing; close to restore {@code System.out}. */
    public static EmfCapture start() {
        return new EmfCapture();
    }

    /** The EMF lines written so far, each checked against the specification. */
    public List<JsonNode> lines() {
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{\"_aws\"")) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError("an EMF line is not valid JSON: " + line, e);
                }
                check(node, line);
                out.add(node);
            }
        }
        return out;
    }

    /** Forgets what was captured so far. */
    public void reset() {
        synchronized (captured) {
            captured.reset();
        }
    }

    /**
     * The values of {@code metric} on every line whose members include {@code dimensions} (name → value): a count
     * is one value per line, observations each.
     */
    public List<Double> values(String metric, Map<String, String> dimensions) {
        List<Double> out = new ArrayList<>();
        for (JsonNode line : lines()) {
            if (!line.has(metric) || !dimensions.entrySet().stream()
                .allMatch(d -> line.has(d.getKey()) && line.get(d.getKey()).asText().equals(d.getValue()))) {
                continue;
            }
            JsonNode value = line.get(metric);
            if (value.isArray()) {
                value.forEach(v -> out.add(v.asDouble()));
            } else {
                out.add(value.asDouble());
            }
        }
        return out;
    }

    /** The sum of {@link #values}. */
    public double sum(String metric, Map<String, String> dimensions) {
        return values(metric, dimensions).stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }

    private static void check(JsonNode line, String text) {
        JsonNode aws = line.get("_aws");
        require(aws != null && aws.isObject(), "_aws must be an object", text);
        require(aws.path("Timestamp").isIntegralNumber() && aws.get("Timestamp").asLong() > 0, "_aws.Timestamp must be epoch ms", text);
        JsonNode directives = aws.get("CloudWatchMetrics");
        require(directives != null && directives.isArray() && !directives.isEmpty(), "_aws.CloudWatchMetrics must be a non-empty array", text);
        Set<String> declared = new HashSet<>();
        for (JsonNode directive : directives) {
            require(directive.path("Namespace").isTextual() && !directive.get("Namespace").asText().isEmpty(), "Namespace must be a string", text);
            JsonNode sets = directive.get("Dimensions");
            require(sets != null && sets.isArray(), "Dimensions must be an array of dimension sets", text);
            for (JsonNode set : sets) {
                require(set.isArray() && set.size() <= 30, "a dimension set is an array of at most 30 names", text);
                for (JsonNode name : set) {
                    require(name.isTextual() && line.path(name.asText()).isTextual(),
                        "dimension " + name + " must name a string member", text);
                    String value = line.get(name.asText()).asText();
                    require(!value.isEmpty() && value.length() <= 1024, "dimension values are 1-1024 characters", text);
                }
            }
            JsonNode metrics = directive.get("Metrics");
            require(metrics != null && metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100,
                "Metrics must be an array of 1-100 definitions", text);
            for (JsonNode metric : metrics) {
                String name = metric.path("Name").asText("");
                require(!name.isEmpty() && declared.add(name), "each metric has a unique Name", text);
                require(metric.path("Unit").isTextual(), "each metric has a Unit", text);
                JsonNode value = line.get(name);
                require(value != null, "metric " + name + " has no value member", text);
                if (value.isArray()) {
                    require(!value.isEmpty() && value.size() <= 100, "a value array holds 1-100 numbers", text);
                    for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
                        require(it.next().isNumber(), "metric values are numbers", text);
                    }
                } else {
                    require(value.isNumber(), "metric values are numbers", text);
                }
            }
        }
    }

    private static void require(boolean ok, String rule, String line) {
        if (!ok) {
            throw new AssertionError("EMF: " + rule + ": " + line);
        }
    }
}
