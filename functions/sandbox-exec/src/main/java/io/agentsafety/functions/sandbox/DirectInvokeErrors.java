package io.agentsafety.functions.sandbox;

import io.agentsafety.core.ProblemException;
import io.agentsafety.sandbox.exec.SandboxRefusal;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Direct invokes (Step Functions) fail with the problem document as the error message, so a state machine can
 * {@code Catch} by its content ({@code "status":403}) and the step's error output is self-explaining.
 */
final class DirectInvokeErrors {

    /** The exception a direct invoke fails with; its message is the problem JSON. */
    static final class Failed extends RuntimeException {
        Failed(String json) {
            super(json, null, false, false);
        }
    }

    private DirectInvokeErrors() {
    }

    static RuntimeException of(RuntimeException e, JsonMapper json) {
        try {
            if (e instanceof SandboxRefusal refusal) {
                return new Failed(new String(json.writeValueAsBytes(refusal.body()), StandardCharsets.UTF_8));
            }
            if (e instanceof ProblemException problem) {
                return new Failed(new String(json.writeValueAsBytes(problem.problem()), StandardCharsets.UTF_8));
            }
        } catch (IOException unwritable) {
            return e;
        }
        return e;
    }
}
