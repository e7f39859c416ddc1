package io.agentsafety.policy.config;

import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.RuleConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Before a snapshot every command rule is loaded; a context without an analyzer has nothing to load. */
class CommandRulesCheckpointTest {

    @Test
    void theCheckpointHooksLoadEveryRuleTheStartLeftForLater() throws Exception {
        try (ApplicationContext context = ApplicationContext.run()) {
            CommandAnalyzer analyzer = context.getBean(CommandAnalyzer.class);
            int total = analyzer.rules().size();
            CommandAnalyzer fresh = context.getBean(CommandAnalyzerFactory.class)
                .commandAnalyzer(context.getBean(PolicyConfiguration.class), context.getBean(CommandRulesCheckpoint.class));
            assertTrue(fresh.loadedRuleCount() < total, fresh.loadedRuleCount() + " of " + total + " loaded at start");
            List<OrderedResource> resources = List.copyOf(context.getBeansOfType(OrderedResource.class));
            assertTrue(resources.stream().anyMatch(r -> r instanceof CommandRulesCheckpoint));
            for (OrderedResource resource : resources) {
                resource.beforeCheckpoint(null);
            }
            assertEquals(total, fresh.loadedRuleCount(), "the snapshot holds every rule");
            CommandAnalyzer checked = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);
            for (String command : List.of("git push --force origin main", "kubectl delete namespace prod", "rm -rf /")) {
                assertEquals(checked.analyzeShell(command), fresh.analyzeShell(command), command);
            }
        }
    }

    @Test
    void aContextThatNeverBuildsAnAnalyzerHasNothingToLoad() {
        try (ApplicationContext context = ApplicationContext.run()) {
            assertFalse(context.getActiveBeanRegistrations(CommandRulesCheckpoint.class).isEmpty(),
                "the hook was created at startup (micronaut-crac's registration)");
            assertTrue(context.getBean(CommandRulesCheckpoint.class).tracked().isEmpty());
        }
    }
}
