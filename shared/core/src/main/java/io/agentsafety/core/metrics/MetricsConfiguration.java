package io.agentsafety.core.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code safety.metrics.*}: whether the functions write EMF metric lines ({@code enabled}, default true), their
 * CloudWatch {@code namespace} (default {@code AgentSafety}) and the {@code dimensions} every metric carries (e.g.
 * {@code safety.metrics.dimensions.stage: prod}). Dimension names are written in PascalCase whatever the key's case
 * ({@code stage} and {@code SAFETY_METRICS_DIMENSIONS_STAGE} both give {@code Stage}, {@code service-name} gives
 * {@code ServiceName}); values are the operator's, checked at start like the names.
 */
@ConfigurationProperties("safety.metrics")
public class MetricsConfiguration {

    /** Names the metric lines already use as members; configuration cannot take them over. */
    static final Set<String> RESERVED;

    static {
        Set<String> reserved = new TreeSet<>(MetricNames.ALL);
        reserved.addAll(Set.of(InvocationMetrics.FUNCTION_NAME, "Verdict", "ActionType", "Kind", "Reason", "Outcome",
            "Backend", "StatusClass", "Status"));
        RESERVED = Collections.unmodifiableSet(reserved);
    }
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._/#:-]{1,255}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:/@-]{1,128}");

    private boolean enabled = true;
    private String namespace = "AgentSafety";
    private Map<String, String> dimensions = Map.of();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches() || namespace.startsWith("AWS/")) {
            throw new ConfigurationException("safety.metrics.namespace must be 1-255 of A-Za-z0-9._/#:- and not start with AWS/");
        }
        this.namespace = namespace;
    }

    /** The configured dimensions, PascalCase names in name order. */
    public Map<String, String> getDimensions() {
        return dimensions;
    }

    public void setDimensions(Map<String, String> configured) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : configured.entrySet()) {
            String name = pascalCase(e.getKey());
            if (!Dimension.NAME.matcher(name).matches() || RESERVED.contains(name)) {
                throw new ConfigurationException("safety.metrics.dimensions." + e.getKey()
                    + ": the name must be letters and digits (- and _ separate words) and not one of " + RESERVED);
            }
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (!VALUE.matcher(value).matches()) {
                throw new ConfigurationException("safety.metrics.dimensions." + e.getKey()
                    + ": the value must be 1-128 of A-Za-z0-9._:/@-");
            }
            if (out.put(name, value) != null) {
                throw new ConfigurationException("safety.metrics.dimensions: " + name + " is configured twice");
            }
        }
        this.dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(out));
    }

    /** {@code stage} → {@code Stage}, {@code service-name} / {@code service_name} → {@code ServiceName}. */
    static String pascalCase(String key) {
        StringBuilder out = new StringBuilder(key.length());
        boolean upper = true;
        for (char c : key.toCharArray()) {
            if (c == '-' || c == '_' || c == '.') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
