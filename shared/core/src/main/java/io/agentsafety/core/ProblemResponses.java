package io.agentsafety.core;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** Builds problem+json responses with the right status, content type and cache headers. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static MutableHttpResponse<Problem> of(Problem problem) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
            .body(problem)
            .contentType(Problem.MEDIA_TYPE)
            .header("Cache-Control", "no-store");
    }

    /** The generic problem for a status the framework produced (404, 405, 415...). */
    public static Problem forStatus(int status, String detail) {
        return switch (status) {
            case 400 -> Problem.of(400, "invalid_request", "Invalid request", detail, null);
            case 404 -> Problem.of(404, "not_found", "Not found", detail == null ? "no such route" : detail, null);
            case 405 -> Problem.of(405, "method_not_allowed", "Method not allowed", detail, null);
            case 406 -> Problem.of(406, "not_acceptable", "Not acceptable", detail, null);
            case 413 -> Problem.of(413, "payload_too_large", "Payload too large", detail, null);
            case 415 -> Problem.of(415, "unsupported_media_type", "Unsupported media type",
                detail == null ? "send the body as application/json" : detail, null);
            case 503 -> Problem.of(503, "unavailable", "Service unavailable", detail, null);
            default -> status >= 500
                ? Problem.of(status, "internal_error", "Internal error", "the request could not be completed; nothing was changed by this error", null)
                : Problem.of(status, "http_" + status, HttpStatus.valueOf(status).getReason(), detail, null);
        };
    }
}
