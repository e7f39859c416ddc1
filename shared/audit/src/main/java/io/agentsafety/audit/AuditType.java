package io.agentsafety.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an audit entry records. The wire name is the lower-case constant ({@code policy_decision}...). */
public enum AuditType {
    POLICY_DECISION,
    APPROVAL_TRANSITION,
    BUDGET_MUTATION,
    BREAKER_CHANGE,
    THRESHOLD_EVENT,
    SANDBOX_EXECUTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AuditType> parse(String text) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(text)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(AuditType::wireName).collect(Collectors.joining(", "));
    }
}
