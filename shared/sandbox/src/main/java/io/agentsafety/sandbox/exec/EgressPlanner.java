package io.agentsafety.sandbox.exec;

import io.agentsafety.policy.network.NetworkPolicy;
import io.agentsafety.sandbox.EgressPolicy;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The sandbox's outbound network, from the operator's network allowlist: exactly the allowlisted hosts, everything
 * else denied (the backends add the internal and metadata ranges to the deny list). An empty allowlist is no network.
 */
@Singleton
public class EgressPlanner {

    private final NetworkPolicy networkPolicy;

    public EgressPlanner(NetworkPolicy networkPolicy) {
        this.networkPolicy = networkPolicy;
    }

    public EgressPolicy egress() {
        List<String> allow = networkPolicy.allowlist();
        return allow.isEmpty() ? EgressPolicy.NONE : new EgressPolicy(allow, List.of("0.0.0.0/0"));
    }
}
