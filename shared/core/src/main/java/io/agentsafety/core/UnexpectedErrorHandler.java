package io.agentsafety.core;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last-resort handler: a bug must not leak its message (it may quote a secret from the request) nor
 * surface as the framework's default body. The exception is logged (through the redacting log layout)
 * with a reference the client can quote.
 */
@Singleton
@Requires(classes = ExceptionHandler.class)
public class UnexpectedErrorHandler implements ExceptionHandler<RuntimeException, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    private final OutboundProblems outbound;

    public UnexpectedErrorHandler(OutboundProblems outbound) {
        this.outbound = outbound;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, RuntimeException exception) {
        if (exception instanceof ProblemException problem) {
            return outbound.render(problem.problem());
        }
        String reference = Ids.newId("err");
        LOG.error("unexpected error {} on {}", reference,
            OutboundText.requestLine(request.getMethodName(), request.getPath(), outbound.scrubber()), exception);
        Problem problem = Problem.of(500, "internal_error", "Internal error",
            "the request failed unexpectedly (reference " + reference + ")", null);
        return outbound.render(problem);
    }
}
