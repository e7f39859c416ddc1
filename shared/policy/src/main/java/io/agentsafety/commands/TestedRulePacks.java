package io.agentsafety.commands;

/**
 * Loads the command analyzer for a function's start without re-running the built-in packs' examples: those are
 * executed at build time by shared/commands' {@code RuleExamplesTest} (a failing example fails the build), and
 * the function's jar carries exactly the packs that test ran. Re-running them at every cold start cost ~0.5 s
 * (infra/local/COLD-START.md). Extra packs an operator adds at deploy time were never tested, so with any extra
 * pack every example is still executed at start, as {@link CommandAnalyzer#fromClasspath} does.
 *
 * <p>In package {@code io.agentsafety.commands} (shared/policy's jar) to reach the package-private
 * {@code withoutExampleCheck} without widening shared/commands' API.
 */
public final class TestedRulePacks {

    private TestedRulePacks() {
    }

    public static CommandAnalyzer analyzer(RuleConfig config) {
        if (config.extraRulePacks().isEmpty()) {
            return CommandAnalyzer.withoutExampleCheck(config);
        }
        return CommandAnalyzer.fromClasspath(config);
    }
}
