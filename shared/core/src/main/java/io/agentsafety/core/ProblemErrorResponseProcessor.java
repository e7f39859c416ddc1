package io.agentsafety.core;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Makes every error the framework itself produces (unknown route, wrong method, unreadable body,
 * unsupported media type) a problem+json document like the ones our own code throws.
 * Framework messages can quote request content, so for 5xx no message is passed on at all. The 404/405
 * details quote the method and path, which the caller chose (a path can carry a token): they leave through
 * {@link OutboundProblems} like every other problem.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private final OutboundProblems outbound;

    public ProblemErrorResponseProcessor(OutboundProblems outbound) {
        this.outbound = outbound;
    }

    @Override
    @NonNull
    public MutableHttpResponse<Problem> processResponse(@NonNull ErrorContext errorContext, @NonNull MutableHttpResponse<?> baseResponse) {
        int status = baseResponse.code();
        String detail = null;
        if (status == 405 || status == 404) {
            String method = OutboundText.requestMethod(errorContext.getRequest().getMethodName(), outbound.scrubber());
            String path = OutboundText.requestPath(errorContext.getRequest().getPath(), outbound.scrubber());
            detail = status == 405 ? "the method " + method + " is not allowed on " + path : "no route for " + method + " " + path;
        } else if (status == 400) {
            detail = "the request body could not be read as JSON";
        } else if (status == 413) {
            detail = "the request body is too large";
        }
        Problem problem = outbound.scrub(ProblemResponses.forStatus(status, detail));
        MutableHttpResponse<Problem> response = baseResponse.body(problem).contentType(Problem.MEDIA_TYPE);
        response.header("Cache-Control", "no-store");
        return response;
    }
}
