package io.agentsafety.policy;

/** What the gate says about an action, ordered from least to most restrictive. */
public enum Verdict {
    ALLOW, REQUIRE_APPROVAL, DENY;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The more restrictive of the two: combining findings can only tighten a decision. */
    public Verdict strictest(Verdict other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
