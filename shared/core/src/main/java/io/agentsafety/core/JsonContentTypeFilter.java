package io.agentsafety.core;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.OptionalLong;

/**
 * Every route of every function reads its body as JSON, so every POST/PUT/PATCH that carries a body must
 * say so ({@link JsonContentType}); otherwise 415 problem+json before any route sees it. A body is assumed
 * when its length is unknown (fail closed); a request with an empty body passes and the route answers
 * "a JSON object is required".
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class JsonContentTypeFilter {

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> requireJson(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            return null;
        }
        // once: the API Gateway request builds a new header map on every getHeaders() (getContentLength() is one)
        HttpHeaders headers = request.getHeaders();
        if (!carriesBody(request, headers)) {
            return null;
        }
        if (JsonContentType.accepts(headers.get(HttpHeaders.CONTENT_TYPE))) {
            return null;
        }
        return ProblemResponses.of(ProblemResponses.forStatus(415, JsonContentType.RULE));
    }

    private static boolean carriesBody(HttpRequest<?> request, HttpHeaders headers) {
        long declared = headers.contentLength().orElse(-1L);
        if (declared >= 0) {
            return declared > 0;
        }
        if (request instanceof ServerHttpRequest<?> server) {
            OptionalLong expected = server.byteBody().expectedLength();
            if (expected.isPresent()) {
                return expected.getAsLong() > 0;
            }
        }
        return true;
    }
}
