package io.agentsafety.functions.sandbox;

import io.agentsafety.core.ProblemException;
import io.agentsafety.sandbox.exec.PackageEcosystems;
import io.agentsafety.sandbox.exec.SafeExecute;
import io.agentsafety.sandbox.exec.SandboxExecRequest;
import io.agentsafety.sandbox.exec.SandboxExecResponse;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;


/**
 * Safe execute for direct invokes: input = the {@code /sandbox/exec} request JSON, output = its answer. A refusal
 * or invalid input fails the invocation with the problem JSON as the error message.
 */
public class SandboxExecFunction extends MicronautRequestHandler<JsonNode, SandboxExecResponse> {

    @Inject
    SafeExecute safeExecute;
    @Inject
    PackageEcosystems ecosystems;
    @Inject
    JsonMapper jsonMapper;

    public SandboxExecFunction() {
    }

    public SandboxExecFunction(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    public SandboxExecResponse execute(JsonNode input) {
        try {
            if (input == null || !input.isObject()) {
                throw ProblemException.invalid("body", "must be a JSON object");
            }
            return safeExecute.execute(SandboxExecRequest.from(input, ecosystems), LambdaDeadline.current(getApplicationContext()));
        } catch (RuntimeException e) {
            throw DirectInvokeErrors.of(e, getApplicationContext());
        }
    }
}
