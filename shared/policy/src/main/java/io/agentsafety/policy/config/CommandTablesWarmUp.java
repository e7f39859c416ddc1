package io.agentsafety.policy.config;

import io.agentsafety.commands.TestedRulePacks;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;

/**
 * Starts building the default command analyzer (the rule packs and analysis tables: ~14 of policy-check's ~220
 * main-thread start samples) on a second thread as soon as the application context is being configured, before
 * the framework's bean scan and eager singletons; {@link CommandAnalyzerFactory} then takes it instead of building
 * it on the main thread. Every singleton is still built before the function is ready (SnapStart snapshots it).
 */
public final class CommandTablesWarmUp implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        TestedRulePacks.prepareInBackground();
    }
}
