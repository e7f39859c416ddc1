package io.agentsafety.policy.network;

import io.agentsafety.policy.RuleMatch;
import java.util.List;

/**
 * The network policy's decision on one destination.
 *
 * @param allowed true only when every reading of the destination reaches an allowlisted host and port
 * @param host    the canonical host as the WHATWG parser reads it ("evil.com", "127.0.0.1", "[::1]"), null when
 *                no host could be read; never contains userinfo
 * @param port    the effective port (explicit, or the scheme's default 80/443); null when unknown or unspecified
 * @param scheme  the lower-cased scheme, null for host+port checks or when the input has no scheme
 * @param matches the rules that deny (all with verdict DENY); empty when allowed
 * @param reason  one sentence explaining the decision; quotes hosts and ports only, never userinfo or paths
 */
public record NetworkAssessment(boolean allowed, String host, Integer port, String scheme, List<RuleMatch> matches,
                                String reason) {

    public NetworkAssessment {
        matches = List.copyOf(matches);
        if (allowed && !matches.isEmpty()) {
            throw new IllegalArgumentException("an allowed assessment cannot carry denying matches");
        }
    }
}
