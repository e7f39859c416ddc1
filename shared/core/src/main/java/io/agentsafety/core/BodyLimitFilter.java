package io.agentsafety.core;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.OptionalLong;

/**
 * Refuses a body over {@code safety.http.max-body-bytes} with 413 before any controller binds it, for every route.
 * The length comes from {@code Content-Length} or, when there is none (a Lambda event carries its body without
 * one), from the request's {@link io.micronaut.http.body.ByteBody}, which the API Gateway request holds whole; so
 * controllers never check sizes themselves.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class BodyLimitFilter {

    private final long maxBodyBytes;

    public BodyLimitFilter(HttpSettings settings) {
        this.maxBodyBytes = settings.getMaxBodyBytes();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> limit(HttpRequest<?> request) {
        return bodyLength(request) > maxBodyBytes
            ? ProblemResponses.of(ProblemException.tooLarge(maxBodyBytes).problem())
            : null;
    }

    private static long bodyLength(HttpRequest<?> request) {
        long declared = request.getContentLength();
        if (declared >= 0) {
            return declared;
        }
        if (request instanceof ServerHttpRequest<?> server) {
            OptionalLong expected = server.byteBody().expectedLength();
            if (expected.isPresent()) {
                return expected.getAsLong();
            }
        }
        return -1;
    }
}
