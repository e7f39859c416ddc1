package io.agentsafety.commands;

import java.util.List;
import java.util.Set;

/** Operator settings: rule ids switched off, and extra rule packs (YAML file paths or classpath resources). */
public record RuleConfig(Set<String> disabledRuleIds, List<String> extraRulePacks) {

    public static final RuleConfig DEFAULTS = new RuleConfig(Set.of(), List.of());

    public RuleConfig {
        disabledRuleIds = disabledRuleIds == null ? Set.of() : Set.copyOf(disabledRuleIds);
        extraRulePacks = extraRulePacks == null ? List.of() : List.copyOf(extraRulePacks);
    }
}
