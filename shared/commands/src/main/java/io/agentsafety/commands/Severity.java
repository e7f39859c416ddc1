package io.agentsafety.commands;

import java.util.Arrays;
import java.util.Locale;

/** How bad a rule's match is, ordered from least to most severe; the policy maps it onto its risk level. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** As the rule packs spell it: {@code critical}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWire(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a severity: " + wireName));
    }
}
