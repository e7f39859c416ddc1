package io.agentsafety.policy;

/** How bad the outcome would be if the action went wrong, ordered from least to most severe. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public RiskLevel highest(RiskLevel other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
