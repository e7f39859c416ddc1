package io.agentsafety.core.metrics;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The end of every API Gateway invocation: the status of the answer (every problem answer, whichever filter, route or
 * exception handler made it, counts in {@code Errors}), the request's latency, then the invocation's metrics are
 * written. First in (so its clock includes the other filters) and last out (so it sees the final status).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class HttpMetricsFilter {

    private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";

    private final InvocationMetrics metrics;

    public HttpMetricsFilter(InvocationMetrics metrics) {
        this.metrics = metrics;
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    public void end(HttpRequest<?> request, MutableHttpResponse<?> response) {
        metrics.error(response.code());
        Long started = request.getAttribute(STARTED, Long.class).orElse(null);
        metrics.end(started == null ? -1 : (System.nanoTime() - started) / 1_000_000.0);
    }
}
