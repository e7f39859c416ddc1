package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.SandboxSweeper;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * The sweeper, run by a schedule (EventBridge, every 5 minutes in the template) or by {@code invoke}: the input
 * (the scheduled event) is ignored; the output says what was killed.
 */
public class SandboxSweeperFunction extends MicronautRequestHandler<JsonNode, SandboxSweeper.Report> {

    @Inject
    SandboxSweeper sweeper;

    public SandboxSweeperFunction() {
    }

    public SandboxSweeperFunction(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    public SandboxSweeper.Report execute(JsonNode scheduledEvent) {
        return sweeper.sweep(Instant.now());
    }
}
