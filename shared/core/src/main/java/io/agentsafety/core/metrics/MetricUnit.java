package io.agentsafety.core.metrics;

/** The CloudWatch units the metrics use (the EMF {@code Unit} strings). */
public enum MetricUnit {
    COUNT("Count"), MILLISECONDS("Milliseconds"), SECONDS("Seconds");

    private final String cloudWatchName;

    MetricUnit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }
}
