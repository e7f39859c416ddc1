package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.exec.BatchState;
import io.micronaut.json.tree.JsonNode;

/** Step 2 (looped until {@code done}): extends the sandbox's lifetime, runs the next command, redacts its output. */
public class SandboxRunStep extends BatchStepHandler<BatchState> {

    public SandboxRunStep() {
    }

    public SandboxRunStep(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    BatchState step(JsonNode input) {
        return steps.run(state(input), deadline());
    }
}
