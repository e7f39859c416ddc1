package io.agentsafety.core.metrics;

import io.agentsafety.core.JsonText;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders recorded metrics as CloudWatch Embedded Metric Format lines: one JSON object per line, {@code _aws} holding
 * the {@code Timestamp} and one {@code CloudWatchMetrics} directive (namespace, dimension sets, metric names and
 * units), the dimension values and metric values as top-level members. One line per distinct set of dimension values
 * (a member holds one value), at most {@value #MAX_VALUES} values per metric and line (the EMF limit; more continue on
 * the next line).
 *
 * <p>Dimension sets: each metric is published per function and across functions (without {@code FunctionName}), for
 * each leading part of its own dimensions — e.g. Errors by {@code [StatusClass]} and by {@code [StatusClass, Status]}
 * — so an alarm can watch {@code StatusClass=5xx} of the whole service without naming every status. The configured
 * dimensions lead every set.
 */
public final class EmfLines {

    static final int MAX_VALUES = 100;

    /** The metrics recorded under one set of dimension values. */
    public record Series(List<Dimension> dimensions, List<Metric> metrics) {
    }

    /** A metric's values: one summed count, or each observation. */
    public record Metric(String name, MetricUnit unit, List<Double> values) {
    }

    private EmfLines() {
    }

    /**
     * @param defaults     the configured dimensions (name → value), leading every dimension set
     * @param functionName the value of {@code FunctionName}
     */
    public static List<String> render(String namespace, Map<String, String> defaults, String functionName, long timestamp,
                                      List<Series> series) {
        List<String> lines = new ArrayList<>();
        for (Series s : series) {
            for (int from = 0; ; from += MAX_VALUES) {
                List<Metric> part = new ArrayList<>();
                for (Metric m : s.metrics()) {
                    if (m.values().size() > from) {
                        part.add(new Metric(m.name(), m.unit(), m.values().subList(from, Math.min(m.values().size(), from + MAX_VALUES))));
                    }
                }
                if (part.isEmpty()) {
                    break;
                }
                lines.add(line(namespace, defaults, functionName, timestamp, s.dimensions(), part));
            }
        }
        return lines;
    }

    private static String line(String namespace, Map<String, String> defaults, String functionName, long timestamp,
                               List<Dimension> dimensions, List<Metric> metrics) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"_aws\":{\"Timestamp\":").append(timestamp).append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        JsonText.append(out, namespace);
        out.append(",\"Dimensions\":[");
        boolean firstSet = true;
        for (boolean perFunction : new boolean[]{true, false}) {
            for (int length = dimensions.isEmpty() ? 0 : 1; length <= dimensions.size(); length++) {
                List<String> set = new ArrayList<>(defaults.keySet());
                if (perFunction) {
                    set.add(InvocationMetrics.FUNCTION_NAME);
                }
                dimensions.subList(0, length).forEach(d -> set.add(d.name()));
                if (set.isEmpty()) {
                    continue;
                }
                out.append(firstSet ? "[" : ",[");
                firstSet = false;
                for (int i = 0; i < set.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    JsonText.append(out, set.get(i));
                }
                out.append(']');
            }
        }
        out.append("],\"Metrics\":[");
        for (int i = 0; i < metrics.size(); i++) {
            out.append(i > 0 ? ",{\"Name\":" : "{\"Name\":");
            JsonText.append(out, metrics.get(i).name());
            out.append(",\"Unit\":");
            JsonText.append(out, metrics.get(i).unit().cloudWatchName());
            out.append('}');
        }
        out.append("]}]}");
        defaults.forEach((name, value) -> member(out, name).append(JsonText.quote(value)));
        member(out, InvocationMetrics.FUNCTION_NAME).append(JsonText.quote(functionName));
        for (Dimension d : dimensions) {
            member(out, d.name()).append(JsonText.quote(d.value()));
        }
        for (Metric m : metrics) {
            member(out, m.name());
            if (m.values().size() == 1) {
                number(out, m.values().get(0));
            } else {
                out.append('[');
                for (int i = 0; i < m.values().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    number(out, m.values().get(i));
                }
                out.append(']');
            }
        }
        return out.append('}').toString();
    }

    private static StringBuilder member(StringBuilder out, String name) {
        out.append(',');
        JsonText.append(out, name);
        return out.append(':');
    }

    private static void number(StringBuilder out, double value) {
        out.append(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
    }
}
