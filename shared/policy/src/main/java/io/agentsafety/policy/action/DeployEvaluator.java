package io.agentsafety.policy.action;

import io.agentsafety.core.JsonFields;
import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RiskLevel;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.config.PolicyConfiguration;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Deploys: to a denied environment never, to an approval environment (production) only with a human. */
@Singleton
public class DeployEvaluator implements ActionEvaluator {

    private final Set<String> approvalEnvironments;
    private final Set<String> deniedEnvironments;

    public DeployEvaluator(PolicyConfiguration configuration) {
        this.approvalEnvironments = normalize(configuration.getDeploy().getApprovalEnvironments());
        this.deniedEnvironments = normalize(configuration.getDeploy().getDeniedEnvironments());
    }

    @Override
    public ActionType type() {
        return ActionType.DEPLOY;
    }

    @Override
    public Set<String> knownParams() {
        return Set.of("environment", "target", "version", "ref", "service", "strategy", "description");
    }

    @Override
    public List<RuleMatch> evaluate(JsonFields params) {
        String environment = params.requiredString("environment", 128);
        String target = params.optionalString("target", 512);
        params.optionalString("version", 256);
        params.optionalString("ref", 256);
        params.optionalString("service", 256);
        params.optionalString("strategy", 64);
        params.optionalString("description", 2048);
        if (environment == null) {
            return List.of();
        }
        String env = environment.trim().toLowerCase(Locale.ROOT);
        String evidence = "environment=" + env + (target == null ? "" : " target=" + target);
        if (deniedEnvironments.contains(env)) {
            return List.of(new RuleMatch("deploy.environment_denied",
                "deploys to " + env + " are not allowed for agents", evidence, RiskLevel.CRITICAL, Verdict.DENY));
        }
        if (approvalEnvironments.contains(env)) {
            return List.of(new RuleMatch("deploy.production_requires_approval",
                "deploys to " + env + " require human approval", evidence, RiskLevel.HIGH, Verdict.REQUIRE_APPROVAL));
        }
        return List.of();
    }

    private static Set<String> normalize(List<String> values) {
        return values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
