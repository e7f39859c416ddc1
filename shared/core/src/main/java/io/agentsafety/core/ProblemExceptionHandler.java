package io.agentsafety.core;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns a {@link ProblemException} thrown by a controller into its problem+json response, scrubbed. */
@Singleton
public class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {

    private final OutboundProblems outbound;

    public ProblemExceptionHandler(OutboundProblems outbound) {
        this.outbound = outbound;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ProblemException exception) {
        return outbound.render(exception.problem());
    }
}
