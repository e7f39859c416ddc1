package io.agentsafety.policy.action;

import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.network.NetworkAssessment;
import io.agentsafety.policy.network.NetworkPolicy;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;

/** Outbound connections: a {@code url}, or a {@code host} with an optional {@code port}, against the allowlist. */
@Singleton
public class NetworkAccessEvaluator implements ActionEvaluator {

    private final NetworkPolicy networkPolicy;

    public NetworkAccessEvaluator(NetworkPolicy networkPolicy) {
        this.networkPolicy = networkPolicy;
    }

    @Override
    public ActionType type() {
        return ActionType.NETWORK_ACCESS;
    }

    @Override
    public Set<String> knownParams() {
        return Set.of("url", "host", "port", "method", "protocol", "description");
    }

    @Override
    public List<RuleMatch> evaluate(JsonFields params) {
        String url = params.optionalString("url", 8192);
        String host = params.optionalString("host", 1024);
        Long port = params.optionalLong("port", 1, 65535);
        params.optionalString("method", 16);
        params.optionalString("protocol", 16);
        params.optionalString("description", 2048);
        if (url != null && (host != null || params.has("port"))) {
            params.error("url", "give either url, or host with an optional port, not both");
        } else if (url == null && host == null && !params.hasErrors()) {
            params.error("url", "is required (or give host and port)");
        } else if (host == null && params.has("port") && url == null) {
            params.error("host", "is required with port");
        }
        if (params.hasErrors()) {
            return List.of();
        }
        NetworkAssessment assessment = url != null
            ? networkPolicy.assessUrl(url)
            : networkPolicy.assessHostPort(host, port == null ? null : port.intValue());
        if (!assessment.allowed() && assessment.matches().isEmpty()) {
            // Fail closed even if the policy ever denies without naming a rule.
            return List.of(new RuleMatch("network.denied", assessment.reason(), assessment.host(),
                io.agentsafety.policy.RiskLevel.HIGH, io.agentsafety.policy.Verdict.DENY));
        }
        return assessment.matches();
    }
}
