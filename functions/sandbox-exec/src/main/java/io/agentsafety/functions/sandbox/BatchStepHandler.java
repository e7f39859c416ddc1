package io.agentsafety.functions.sandbox;

import io.agentsafety.core.ProblemException;
import io.agentsafety.sandbox.exec.BatchState;
import io.agentsafety.sandbox.exec.SandboxSteps;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.time.Instant;

/**
 * Base of the Step Functions step handlers: JSON in, one {@link SandboxSteps} call, JSON out; failures carry the
 * problem JSON as their message. The state machine (see shared/sandbox/README.md) loops the run step until
 * {@code done}, and routes every {@code Catch} to the cleanup step with {@code ResultPath: $.error}.
 */
abstract class BatchStepHandler<O> extends MicronautRequestHandler<JsonNode, O> {

    // Looked up, not field-injected: subclasses without @Inject members of their own get no bean definition.
    SandboxSteps steps;
    JsonMapper jsonMapper;

    BatchStepHandler() {
    }

    BatchStepHandler(io.micronaut.context.ApplicationContext context) {
        super(context);
    }

    @Override
    public O execute(JsonNode input) {
        if (steps == null) {
            steps = getApplicationContext().getBean(SandboxSteps.class);
            jsonMapper = getApplicationContext().getBean(JsonMapper.class);
        }
        try {
            if (input == null || !input.isObject()) {
                throw ProblemException.invalid("body", "must be a JSON object");
            }
            return step(input);
        } catch (RuntimeException e) {
            throw DirectInvokeErrors.of(e, getApplicationContext());
        }
    }

    abstract O step(JsonNode input);

    /** This invocation's deadline (the runtime registers the current Lambda context as a bean). */
    Instant deadline() {
        return LambdaDeadline.current(getApplicationContext());
    }

    BatchState state(JsonNode input) {
        try {
            BatchState state = jsonMapper.readValueFromTree(input, BatchState.class);
            if (state.runId() == null || state.steps().isEmpty()) {
                throw ProblemException.invalid("body", "must be the state a create step returned (run_id, steps)");
            }
            return state;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.invalid("body", "must be the state a create step returned");
        }
    }
}
