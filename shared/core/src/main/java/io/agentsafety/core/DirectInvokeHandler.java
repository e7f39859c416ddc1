package io.agentsafety.core;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * Base of the direct-invoke (Step Functions) handlers. A {@link ProblemException} fails the invocation and its
 * message becomes the Lambda error message, so it leaves through {@link OutboundProblems} exactly as the HTTP
 * problems do: a secret planted in a field name is not echoed by either door.
 */
public abstract class DirectInvokeHandler<I, O> extends MicronautRequestHandler<I, O> {

    /** Used by the Lambda runtime: builds its own application context on first use. */
    protected DirectInvokeHandler() {
    }

    /** For tests and embedding: runs inside an existing context. */
    protected DirectInvokeHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public final O execute(I input) {
        try {
            return handle(input);
        } catch (ProblemException e) {
            throw getApplicationContext().getBean(OutboundProblems.class).scrub(e);
        }
    }

    /** The invocation itself; throw {@link ProblemException} for bad input. */
    protected abstract O handle(I input);
}
