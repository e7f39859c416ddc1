package io.agentsafety.functions.sandbox;

import io.agentsafety.core.DirectInvokeHandler;
import io.agentsafety.core.errors.DirectInvokeError;
import io.agentsafety.sandbox.exec.SandboxRefusal;
import io.micronaut.context.ApplicationContext;

/**
 * Direct invokes (Step Functions) fail with the {@link DirectInvokeError} of the problem's kind ({@code errorType}
 * {@code io.agentsafety.core.errors.PolicyDenied}, {@code …ApprovalRequired}, {@code …BudgetExceeded}…) and the
 * problem document as the error message, so a state machine can {@code Catch} by kind and the step's error output
 * is self-explaining. A refusal keeps its decisions / budget in the document.
 */
final class DirectInvokeErrors {

    private DirectInvokeErrors() {
    }

    static DirectInvokeError of(RuntimeException e, ApplicationContext context) {
        if (e instanceof SandboxRefusal refusal) {
            return DirectInvokeError.of(refusal.status(), refusal.body().code(), DirectInvokeHandler.json(context, refusal.body()));
        }
        return DirectInvokeHandler.failure(context, e);
    }
}
