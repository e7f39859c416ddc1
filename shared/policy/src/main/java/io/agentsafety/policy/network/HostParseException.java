package io.agentsafety.policy.network;

/**
 * A URL or host that cannot be read as a destination. Carries the rule that denies it and a message that quotes
 * at most the host, never userinfo. Internal to the package: the policy turns it into a denial.
 */
final class HostParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final NetworkRule rule;

    HostParseException(NetworkRule rule, String message) {
        super(message, null, false, false);
        this.rule = rule;
    }

    HostParseException(String message) {
        this(NetworkRule.MALFORMED, message);
    }

    NetworkRule rule() {
        return rule;
    }
}
