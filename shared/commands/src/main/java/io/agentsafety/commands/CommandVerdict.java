package io.agentsafety.commands;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the analysis asks for, ordered from least to most restrictive: a rule's verdict ({@code deny} or
 * {@code require_approval} in the packs) and the combined verdict of an assessment. The analyzer reports; the policy
 * ({@code shared/policy}, which depends on this module) maps it once onto its own verdict and decides.
 */
public enum CommandVerdict {
    ALLOW, REQUIRE_APPROVAL, DENY;

    /** As the rule packs spell it: {@code require_approval}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CommandVerdict fromWire(String wireName) {
        return Arrays.stream(values()).filter(v -> v.wireName().equals(wireName)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not a verdict: " + wireName));
    }

    /** The more restrictive of the two. */
    public CommandVerdict strictest(CommandVerdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
