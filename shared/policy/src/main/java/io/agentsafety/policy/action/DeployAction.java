package io.agentsafety.policy.action;

import io.agentsafety.policy.ActionType;
import io.agentsafety.policy.names.EnvironmentNames;
import io.micronaut.json.tree.JsonNode;

/** {@code deploy}: the {@code environment} (a name with something visible in it) and what is deployed there. */
public record DeployAction(String environment, String target, String version, String ref, String service, String strategy,
                           String description) implements PolicyAction {

    public DeployAction {
        if (environment == null || EnvironmentNames.normalize(environment).isEmpty()) {
            throw new IllegalArgumentException("a deploy names an environment with a visible name");
        }
    }

    @Override
    public ActionType type() {
        return ActionType.DEPLOY;
    }

    @Override
    public JsonNode toParams() {
        return new ParamsNode().put("environment", environment).put("target", target).put("version", version)
            .put("ref", ref).put("service", service).put("strategy", strategy).put("description", description).build();
    }
}
