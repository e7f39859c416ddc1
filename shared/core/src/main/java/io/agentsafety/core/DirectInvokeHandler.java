package io.agentsafety.core;

import io.agentsafety.core.errors.DirectInvokeError;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Base of the direct-invoke (Step Functions) handlers. A {@link ProblemException} fails the invocation with the
 * {@link DirectInvokeError} of its kind ({@code errorType} = e.g. {@code io.agentsafety.core.errors.InvalidRequest})
 * and the problem JSON as the message, after it went through {@link OutboundProblems} exactly as the HTTP problems
 * do: a secret planted in a field name is not echoed by either door. Any other failure is logged with a reference
 * and fails as {@code UnexpectedError}, never with its own message (it may quote a secret).
 */
public abstract class DirectInvokeHandler<I, O> extends MicronautRequestHandler<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(DirectInvokeHandler.class);

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
        } catch (RuntimeException e) {
            throw failure(getApplicationContext(), e);
        }
    }

    /** The invocation itself; throw {@link ProblemException} for bad input. */
    protected abstract O handle(I input);

    /** The error a direct invoke fails with for {@code e} (already a {@link DirectInvokeError}: unchanged). */
    public static DirectInvokeError failure(ApplicationContext context, RuntimeException e) {
        if (e instanceof DirectInvokeError error) {
            return error;
        }
        Problem problem;
        if (e instanceof ProblemException p) {
            problem = context.getBean(OutboundProblems.class).scrub(p.problem());
        } else {
            String reference = Ids.newId("err");
            LOG.error("unexpected error {} in a direct invoke", reference, e);
            problem = Problem.of(500, "internal_error", "Internal error", "the invocation failed unexpectedly (reference "
                + reference + ")", null);
        }
        return DirectInvokeError.of(problem.status(), problem.code(), json(context, problem));
    }

    /** A document as the JSON text of an error message. */
    public static String json(ApplicationContext context, Object document) {
        try {
            return new String(context.getBean(JsonMapper.class).writeValueAsBytes(document), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a problem document could not be written", e);
        }
    }
}
