package io.agentsafety.policy.action;

import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.RiskLevel;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.config.PolicyConfiguration;
import io.agentsafety.policy.names.EnvironmentNames;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploys: to a denied environment never, to an approval environment (production) only with a human.
 * Names are compared as a human reads them ({@link EnvironmentNames}: invisible characters, outer dots,
 * width, case and look-alike letters do not make {@code prod} another environment), on both the request
 * and the configuration; a name that mixes scripts (Latin with Cyrillic...) is a spoof and is denied.
 */
@Singleton
public class DeployEvaluator implements ActionEvaluator<DeployAction> {

    /** skeleton → the configured name, shown in reasons. */
    private final Map<String, String> approvalEnvironments;
    private final Map<String, String> deniedEnvironments;

    public DeployEvaluator(PolicyConfiguration configuration) {
        this.approvalEnvironments = bySkeleton("approval-environments", configuration.getDeploy().getApprovalEnvironments());
        this.deniedEnvironments = bySkeleton("denied-environments", configuration.getDeploy().getDeniedEnvironments());
    }

    @Override
    public ActionType type() {
        return ActionType.DEPLOY;
    }

    @Override
    public List<RuleMatch> evaluate(DeployAction action) {
        String env = EnvironmentNames.normalize(action.environment());
        String target = action.target();
        String evidence = "environment=" + env + (target == null ? "" : " target=" + target);
        String scripts = EnvironmentNames.mixedScripts(env);
        if (scripts != null) {
            return List.of(new RuleMatch("deploy.environment_mixed_scripts",
                "the environment name mixes scripts (" + scripts + "), as look-alikes of another name do; use one script",
                evidence, RiskLevel.HIGH, Verdict.DENY));
        }
        String skeleton = EnvironmentNames.skeleton(env);
        String denied = deniedEnvironments.get(skeleton);
        if (denied != null) {
            return List.of(new RuleMatch("deploy.environment_denied",
                "deploys to " + denied + " are not allowed for agents", evidence, RiskLevel.CRITICAL, Verdict.DENY));
        }
        String approval = approvalEnvironments.get(skeleton);
        if (approval != null) {
            return List.of(new RuleMatch("deploy.production_requires_approval",
                "deploys to " + approval + " require human approval", evidence, RiskLevel.HIGH, Verdict.REQUIRE_APPROVAL));
        }
        return List.of();
    }

    /** Configured names go through the same normalisation; one that mixes scripts is a configuration error. */
    private static Map<String, String> bySkeleton(String key, List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String value : values) {
            String name = EnvironmentNames.normalize(value);
            if (name.isEmpty()) {
                continue;
            }
            String scripts = EnvironmentNames.mixedScripts(name);
            if (scripts != null) {
                throw new IllegalArgumentException("safety.policy.deploy." + key + ": the name '" + name + "' mixes scripts (" + scripts + ")");
            }
            out.putIfAbsent(EnvironmentNames.skeleton(name), name.toLowerCase(java.util.Locale.ROOT));
        }
        return Map.copyOf(out);
    }
}
