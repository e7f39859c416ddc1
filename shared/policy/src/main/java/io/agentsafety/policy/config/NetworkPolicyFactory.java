package io.agentsafety.policy.config;

import io.agentsafety.policy.network.NetworkPolicy;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Builds the network policy once from {@code safety.policy.network.allowlist}; a bad entry fails startup. */
@Factory
public class NetworkPolicyFactory {

    @Singleton
    public NetworkPolicy networkPolicy(PolicyConfiguration configuration) {
        return NetworkPolicy.fromAllowlist(configuration.getNetwork().getAllowlist());
    }
}
