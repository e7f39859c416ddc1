package io.agentsafety.policy.config;

import io.agentsafety.commands.CommandAnalyzer;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Before a checkpoint (SnapStart, CRaC) every command rule not loaded yet is loaded: a start loads only the rules
 * that can match any command and the others on the first command naming their tool (shared/commands'
 * {@code RulePackIndex}), which a restored snapshot should not pay for. Nothing to do after restore.
 * <p>
 * Like {@code AuditCheckpoint}, the hook depends on nothing (micronaut-crac creates every resource at start):
 * {@link CommandAnalyzerFactory} hands it each analyzer it creates, and a context that never builds one has nothing
 * to load.
 */
@Singleton
public class CommandRulesCheckpoint implements OrderedResource {

    private final List<CommandAnalyzer> created = new CopyOnWriteArrayList<>();

    void track(CommandAnalyzer analyzer) {
        created.add(analyzer);
    }

    /** The analyzers a checkpoint would complete (for tests). */
    List<CommandAnalyzer> tracked() {
        return List.copyOf(created);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (CommandAnalyzer analyzer : created) {
            analyzer.loadEveryRule();
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // every rule is in the snapshot already
    }
}
