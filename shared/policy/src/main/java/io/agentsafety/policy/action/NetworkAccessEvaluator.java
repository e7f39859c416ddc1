package io.agentsafety.policy.action;

import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.network.NetworkAssessment;
import io.agentsafety.policy.network.NetworkPolicy;
import jakarta.inject.Singleton;

import java.util.List;

/** Outbound connections: a {@code url}, or a {@code host} with an optional {@code port}, against the allowlist. */
@Singleton
public class NetworkAccessEvaluator implements ActionEvaluator<NetworkAccessAction> {

    private final NetworkPolicy networkPolicy;

    public NetworkAccessEvaluator(NetworkPolicy networkPolicy) {
        this.networkPolicy = networkPolicy;
    }

    @Override
    public ActionType type() {
        return ActionType.NETWORK_ACCESS;
    }

    @Override
    public List<RuleMatch> evaluate(NetworkAccessAction action) {
        String url = action.url();
        Integer port = action.port();
        NetworkAssessment assessment = url != null
            ? networkPolicy.assessUrl(url)
            : networkPolicy.assessHostPort(action.host(), port);
        if (!assessment.allowed() && assessment.matches().isEmpty()) {
            // Fail closed even if the policy ever denies without naming a rule.
            return List.of(new RuleMatch("network.denied", assessment.reason(), assessment.host(),
                io.agentsafety.policy.RiskLevel.HIGH, io.agentsafety.policy.Verdict.DENY));
        }
        return assessment.matches();
    }
}
