package io.agentsafety.policy.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy settings under {@code safety.policy}; every list also accepts a comma-separated string, so
 * environment variables such as {@code SAFETY_POLICY_DEPLOY_APPROVAL_ENVIRONMENTS=production,prod} work.
 */
@ConfigurationProperties("safety.policy")
public class PolicyConfiguration {

    private Network network = new Network();
    private Deploy deploy = new Deploy();
    private Billing billing = new Billing();
    private Delete delete = new Delete();
    private Rules rules = new Rules();
    private Budget budget = new Budget();

    public Budget getBudget() { return budget; }
    public void setBudget(Budget budget) { this.budget = budget; }

    public Network getNetwork() { return network; }
    public void setNetwork(Network network) { this.network = network; }
    public Deploy getDeploy() { return deploy; }
    public void setDeploy(Deploy deploy) { this.deploy = deploy; }
    public Billing getBilling() { return billing; }
    public void setBilling(Billing billing) { this.billing = billing; }
    public Delete getDelete() { return delete; }
    public void setDelete(Delete delete) { this.delete = delete; }
    public Rules getRules() { return rules; }
    public void setRules(Rules rules) { this.rules = rules; }

    @ConfigurationProperties("network")
    public static class Network {
        /** Hosts agents may reach: {@code example.com}, {@code *.example.com}, {@code example.com:8443}. Empty = nothing. */
        private List<String> allowlist = new ArrayList<>();
        /**
         * Whether URLs fetched inside commands (curl, wget...) must also be allowlisted. Off by default:
         * a download is not destructive by itself, and running what was downloaded is judged by the
         * command rules. Loopback, private and metadata destinations are denied either way.
         */
        private boolean enforceInCommands;

        public List<String> getAllowlist() { return allowlist; }
        public void setAllowlist(List<String> allowlist) { this.allowlist = allowlist; }
        public boolean isEnforceInCommands() { return enforceInCommands; }
        public void setEnforceInCommands(boolean value) { this.enforceInCommands = value; }
    }

    @ConfigurationProperties("deploy")
    public static class Deploy {
        /** Environments whose deploys need a human (case-insensitive). */
        private List<String> approvalEnvironments = new ArrayList<>(List.of("production", "prod"));
        /** Environments agents may never deploy to. */
        private List<String> deniedEnvironments = new ArrayList<>();

        public List<String> getApprovalEnvironments() { return approvalEnvironments; }
        public void setApprovalEnvironments(List<String> value) { this.approvalEnvironments = value; }
        public List<String> getDeniedEnvironments() { return deniedEnvironments; }
        public void setDeniedEnvironments(List<String> value) { this.deniedEnvironments = value; }
    }

    @ConfigurationProperties("billing")
    public static class Billing {
        /** Charges above this amount (in the charge's own currency units) need a human. */
        private BigDecimal approvalThreshold = new BigDecimal("100");
        /** Charges above this amount are denied outright; null = no hard cap. */
        private BigDecimal maxAmount;
        /** Accepted ISO 4217 currency codes; empty = any well-formed code. */
        private List<String> currencies = new ArrayList<>();

        public BigDecimal getApprovalThreshold() { return approvalThreshold; }
        public void setApprovalThreshold(BigDecimal value) { this.approvalThreshold = value; }
        public BigDecimal getMaxAmount() { return maxAmount; }
        public void setMaxAmount(BigDecimal value) { this.maxAmount = value; }
        public List<String> getCurrencies() { return currencies; }
        public void setCurrencies(List<String> value) { this.currencies = value; }
    }

    @ConfigurationProperties("delete")
    public static class Delete {
        /**
         * Globs of paths that may never be deleted ({@code *} within a segment, {@code **} any depth;
         * {@code ~} is the home directory). A path is protected when it equals, lies under, or contains one.
         */
        private List<String> protectedPaths = new ArrayList<>(List.of(
            "/", "/bin/**", "/boot/**", "/dev/**", "/etc/**", "/lib/**", "/lib32/**", "/lib64/**", "/libx32/**",
            "/opt", "/proc/**", "/root/**", "/sbin/**", "/srv", "/sys/**", "/usr/**", "/var", "/var/lib/**",
            "/var/log", "/home", "/home/*", "/Users", "/Users/*", "/System/**", "/Library/**",
            "~", "~/.ssh/**", "~/.gnupg/**", "~/.aws/**", "~/.kube/**", "~/.config",
            "**/.git", "**/.git/**"));
        /** Extra globs added to the defaults (so operators need not repeat them). */
        private List<String> extraProtectedPaths = new ArrayList<>();

        public List<String> getProtectedPaths() { return protectedPaths; }
        public void setProtectedPaths(List<String> value) { this.protectedPaths = value; }
        public List<String> getExtraProtectedPaths() { return extraProtectedPaths; }
        public void setExtraProtectedPaths(List<String> value) { this.extraProtectedPaths = value; }
    }

    @ConfigurationProperties("budget")
    public static class Budget {
        /**
         * Whether an action that costs money needs a run_id whose budget exists. Off by default (a local run or a
         * first integration need not create budgets); the template's prod Stage turns it on.
         */
        private boolean requireExisting;

        public boolean isRequireExisting() { return requireExisting; }
        public void setRequireExisting(boolean value) { this.requireExisting = value; }
    }

    @ConfigurationProperties("rules")
    public static class Rules {
        /** Rule ids switched off (a deliberate operator decision; listed as disabled in GET /policy). */
        private List<String> disabled = new ArrayList<>();
        /** Extra rule pack files (YAML) loaded after the built-in packs. */
        private List<String> packs = new ArrayList<>();

        public List<String> getDisabled() { return disabled; }
        public void setDisabled(List<String> value) { this.disabled = value; }
        public List<String> getPacks() { return packs; }
        public void setPacks(List<String> value) { this.packs = value; }
    }
}
