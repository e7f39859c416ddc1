package io.agentsafety.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.policy.config.ActionSettings;
import io.agentsafety.policy.config.PolicyConfiguration;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.media.Schema;

/** The effective policy as configured in this deployment, for {@code GET /api/v1/safety/policy}. */
@Singleton
public class PolicyView {

    private final ActionSettings actions;
    private final PolicyConfiguration configuration;
    private final io.agentsafety.policy.network.NetworkPolicy networkPolicy;
    private final CommandAnalyzer commandAnalyzer;

    public PolicyView(ActionSettings actions, PolicyConfiguration configuration,
                      io.agentsafety.policy.network.NetworkPolicy networkPolicy, CommandAnalyzer commandAnalyzer) {
        this.actions = actions;
        this.configuration = configuration;
        this.networkPolicy = networkPolicy;
        this.commandAnalyzer = commandAnalyzer;
    }

    public EffectivePolicy effectivePolicy() {
        Map<String, ActionView> actionViews = new LinkedHashMap<>();
        for (ActionType type : ActionType.values()) {
            ActionSettings.Switches s = actions.of(type);
            actionViews.put(type.wireName(), new ActionView(s.enabled(), s.requireApproval(), type.costsMoney()));
        }
        PolicyConfiguration.Billing billing = configuration.getBilling();
        PolicyConfiguration.Delete delete = configuration.getDelete();
        List<String> protectedPaths = new java.util.ArrayList<>(delete.getProtectedPaths());
        protectedPaths.addAll(delete.getExtraProtectedPaths());
        return new EffectivePolicy(actionViews,
            new NetworkView(networkPolicy.allowlist(), List.of("http", "https"), configuration.getNetwork().isEnforceInCommands()),
            new DeployView(configuration.getDeploy().getApprovalEnvironments(), configuration.getDeploy().getDeniedEnvironments()),
            new BillingView(billing.getApprovalThreshold(), billing.getMaxAmount(), billing.getCurrencies()),
            new DeleteView(protectedPaths),
            configuration.getRules().getDisabled(),
            commandAnalyzer.rules().stream().map(r -> new CommandRuleView(r.id(), r.description(), r.verdict(),
                r.severity(), r.enabled(), r.pack())).toList());
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EffectivePolicy(Map<String, ActionView> actions, NetworkView network, DeployView deploy,
                                  BillingView billing, @JsonProperty("delete_files") DeleteView deleteFiles,
                                  @JsonProperty("disabled_rules") List<String> disabledRules,
                                  @JsonProperty("command_rules") List<CommandRuleView> commandRules) {
    }

    /** One rule of the execute_code rule packs, as loaded in this deployment. */
    @Serdeable
    public record CommandRuleView(String id, String description, String verdict, String severity, boolean enabled,
                                  String pack) {
    }

    @Serdeable
    public record ActionView(boolean enabled, @JsonProperty("require_approval") boolean requireApproval,
                             @JsonProperty("costs_money") boolean costsMoney) {
    }

    /** Empty lists are left out (Micronaut serde's default inclusion, NON_EMPTY), here and in DeployView. */
    @Serdeable
    public record NetworkView(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<String> allowlist, @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<String> schemes,
                              @JsonProperty("enforce_in_commands") boolean enforceInCommands) {
    }

    @Serdeable
    public record DeployView(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("approval_environments") List<String> approvalEnvironments,
                             @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("denied_environments") List<String> deniedEnvironments) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BillingView(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("approval_threshold") BigDecimal approvalThreshold,
                              @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("max_amount") BigDecimal maxAmount, @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<String> currencies) {
    }

    @Serdeable
    public record DeleteView(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("protected_paths") List<String> protectedPaths) {
    }
}
