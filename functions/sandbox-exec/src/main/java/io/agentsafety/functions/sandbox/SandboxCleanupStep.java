package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.exec.SandboxExecResponse;
import io.micronaut.json.tree.JsonNode;

/** Step 4, also every {@code Catch}'s target: kills the sandbox, settles the reservation, answers like /sandbox/exec. */
public class SandboxCleanupStep extends BatchStepHandler<SandboxExecResponse> {

    public SandboxCleanupStep() {
    }

    public SandboxCleanupStep(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    SandboxExecResponse step(JsonNode input) {
        return steps.cleanup(state(input));
    }
}
