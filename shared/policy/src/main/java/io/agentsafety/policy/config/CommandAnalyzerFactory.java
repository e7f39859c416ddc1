package io.agentsafety.policy.config;

import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.RuleConfig;
import io.agentsafety.commands.TestedRulePacks;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.List;

/**
 * Builds the command analyzer once from {@code safety.policy.rules.disabled} and {@code safety.policy.rules.packs}.
 * An invalid extra pack (bad YAML, unknown key, failing example) fails startup with a message naming it; the built-in
 * packs' examples ran at build time and are not re-run at start ({@link TestedRulePacks}); the built-in rules that
 * name commands are loaded on the first command naming their tool, or before a snapshot ({@link CommandRulesCheckpoint}).
 */
@Factory
public class CommandAnalyzerFactory {

    @Singleton
    public CommandAnalyzer commandAnalyzer(PolicyConfiguration configuration, CommandRulesCheckpoint checkpoint) {
        PolicyConfiguration.Rules rules = configuration.getRules();
        CommandAnalyzer analyzer = TestedRulePacks.analyzer(new RuleConfig(new HashSet<>(trimmed(rules.getDisabled())),
            trimmed(rules.getPacks())));
        checkpoint.track(analyzer); // the rules a start did not load are loaded before a snapshot
        return analyzer;
    }

    private static List<String> trimmed(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
