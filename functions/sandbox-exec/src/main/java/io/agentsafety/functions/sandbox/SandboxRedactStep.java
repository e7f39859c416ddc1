package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.exec.BatchState;
import io.micronaut.json.tree.JsonNode;

/** Step 3: every result redacted again with the batch's env (idempotent). */
public class SandboxRedactStep extends BatchStepHandler<BatchState> {

    public SandboxRedactStep() {
    }

    public SandboxRedactStep(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    BatchState step(JsonNode input) {
        return steps.redact(state(input));
    }
}
