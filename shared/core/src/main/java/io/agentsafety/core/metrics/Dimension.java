package io.agentsafety.core.metrics;

import java.util.regex.Pattern;

/**
 * One dimension of a metric: a name from code and a value from a closed set (a verdict, an action type, a finding
 * kind, a status). Callers map anything outside their set to {@link #OTHER} themselves; as a last guard a value that
 * does not look like such a token (1-64 of {@code A-Za-z0-9_}) is recorded as {@code other}, so no id, command, host or
 * other caller text can become a dimension (each distinct value is a new, billed, CloudWatch metric).
 */
public record Dimension(String name, String value) {

    /** The value of anything outside a dimension's closed set. */
    public static final String OTHER = "other";

    static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_]{1,64}");

    public Dimension {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a dimension name is PascalCase, 1-64 letters and digits");
        }
        value = value != null && VALUE.matcher(value).matches() ? value : OTHER;
    }

    public static Dimension of(String name, String value) {
        return new Dimension(name, value);
    }
}
