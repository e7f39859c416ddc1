package io.agentsafety.core.metrics;

import io.agentsafety.core.errors.DirectInvokeError;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.function.aws.event.AfterExecutionEvent;
import jakarta.inject.Singleton;

/**
 * The end of every direct invoke ({@code MicronautRequestHandler} publishes {@link AfterExecutionEvent} on the invoking
 * thread, after the handler ran and before the result goes back to the runtime): a failure counts in {@code Errors}
 * with the status of its problem ({@link DirectInvokeError#status()}; any other exception is a 500), then the
 * invocation's metrics are written. API Gateway requests end in {@link HttpMetricsFilter} instead.
 */
@Singleton
public class DirectInvokeMetrics implements ApplicationEventListener<AfterExecutionEvent> {

    private final InvocationMetrics metrics;

    public DirectInvokeMetrics(InvocationMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onApplicationEvent(AfterExecutionEvent event) {
        if (!event.isSuccess()) {
            metrics.error(event.getException() instanceof DirectInvokeError error ? error.status() : 500);
        }
        metrics.end(metrics.elapsedMillis());
    }
}
