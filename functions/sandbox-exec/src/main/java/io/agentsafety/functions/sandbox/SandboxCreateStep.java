package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.exec.BatchState;
import io.agentsafety.sandbox.exec.PackageEcosystems;
import io.agentsafety.sandbox.exec.SandboxExecRequest;
import io.micronaut.json.tree.JsonNode;

/** Step 1: policy, budget reservation, sandbox creation, file upload. Input: the {@code /sandbox/exec} request. */
public class SandboxCreateStep extends BatchStepHandler<BatchState> {

    public SandboxCreateStep() {
    }

    public SandboxCreateStep(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    BatchState step(JsonNode input) {
        return steps.create(SandboxExecRequest.from(input, getApplicationContext().getBean(PackageEcosystems.class)));
    }
}
