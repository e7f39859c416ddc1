package io.agentsafety.commands;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Loads the command analyzer for a function's start without re-running the built-in packs' examples: those are
 * executed at build time by shared/commands' {@code RuleExamplesTest} (a failing example fails the build), and
 * the function's jar carries exactly the packs that test ran. Re-running them at every cold start cost ~0.5 s
 * (infra/local/COLD-START.md). Extra packs an operator adds at deploy time were never tested, so with any extra
 * pack every example is still executed at start, as {@link CommandAnalyzer#fromClasspath} does.
 *
 * <p>The default analyzer (built-in packs, no rule disabled: every function as deployed) can be built on a second
 * thread started early ({@link #prepareInBackground}, from {@code CommandTablesWarmUp}), so that the tables' load
 * overlaps the framework's start instead of sitting on the main thread when the analyzer bean is created.
 *
 * <p>In package {@code io.agentsafety.commands} (shared/policy's jar) to reach the package-private
 * {@code withoutExampleCheck} without widening shared/commands' API.
 */
public final class TestedRulePacks {

    private static CompletableFuture<CommandAnalyzer> prepared;

    private TestedRulePacks() {
    }

    public static CommandAnalyzer analyzer(RuleConfig config) {
        CompletableFuture<CommandAnalyzer> early = takePrepared();
        if (!config.extraRulePacks().isEmpty()) {
            return CommandAnalyzer.fromClasspath(config);
        }
        if (early != null && config.disabledRuleIds().isEmpty()) {
            try {
                return early.join();
            } catch (CompletionException e) {
                // built again below, on this thread, so that a failure surfaces here as it always did
            }
        }
        return CommandAnalyzer.withoutExampleCheck(config);
    }

    /** Starts building the default analyzer on a daemon thread; the next {@link #analyzer} call takes it. */
    public static synchronized void prepareInBackground() {
        CompletableFuture<CommandAnalyzer> future = new CompletableFuture<>();
        prepared = future;
        Thread builder = new Thread(() -> {
            try {
                future.complete(CommandAnalyzer.withoutExampleCheck(RuleConfig.DEFAULTS));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }, "command-tables-build");
        builder.setDaemon(true);
        builder.start();
    }

    /** Each early build serves one analyzer: a later context (tests, a restart) builds its own. */
    private static synchronized CompletableFuture<CommandAnalyzer> takePrepared() {
        CompletableFuture<CommandAnalyzer> taken = prepared;
        prepared = null;
        return taken;
    }
}
