package io.agentsafety.sandbox;

import java.util.List;

/**
 * Outbound network of a sandbox, derived from the policy's network allowlist and enforced by the backend
 * where connections are made (E2B {@code network.allowOut/denyOut}; locally an empty network namespace plus a relay per allowed destination).
 *
 * @param allowOut hosts, IPs or CIDRs that may be reached; empty with {@code denyOut} = all → no network
 * @param denyOut  always denied (internal, link-local and metadata ranges are always added by the backend)
 */
public record EgressPolicy(List<String> allowOut, List<String> denyOut) {
    public static final EgressPolicy NONE = new EgressPolicy(List.of(), List.of("0.0.0.0/0"));

    public EgressPolicy {
        allowOut = allowOut == null ? List.of() : List.copyOf(allowOut);
        denyOut = denyOut == null ? List.of() : List.copyOf(denyOut);
    }

    public boolean anyAllowed() {
        return !allowOut.isEmpty();
    }
}
