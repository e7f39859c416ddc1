package io.agentsafety.core;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses bodies over the limit (default 6 MiB, Lambda's synchronous payload limit) with 413 before
 * anything reads them. Controllers also call {@link #check(byte[])} because a Lambda event carries
 * its body without a Content-Length.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class BodyLimitFilter {

    public static final long DEFAULT_LIMIT = 6L * 1024 * 1024;

    private final long maxBodyBytes;

    public BodyLimitFilter(@Value("${safety.http.max-body-bytes:6291456}") long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> limit(HttpRequest<?> request) {
        long length = request.getContentLength();
        if (length > maxBodyBytes) {
            return ProblemResponses.of(ProblemException.tooLarge(maxBodyBytes).problem());
        }
        return null;
    }

    public void check(byte[] body) {
        if (body != null && body.length > maxBodyBytes) {
            throw ProblemException.tooLarge(maxBodyBytes);
        }
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }
}
