package io.agentsafety.core.observability;

import com.amazonaws.services.lambda.runtime.Context;
import io.agentsafety.core.metrics.InvocationMetrics;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultDiagnosticInfoPopulator;
import jakarta.inject.Singleton;
import org.slf4j.MDC;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts {@link LogFields#REQUEST_ID}, {@link LogFields#FUNCTION} and {@link LogFields#COLD_START} in the MDC at the start
 * of every invocation. This is the one hook every handler type goes through: Micronaut's {@code HandlerUtils} calls the
 * {@code DiagnosticInfoPopulator} bean from {@code MicronautRequestHandler} (direct invokes), {@code
 * MicronautRequestStreamHandler} and the API Gateway / ALB proxy functions, on the invoking thread, before the handler
 * runs. Of the framework's own keys only {@code AWSRequestId} stays (the audit trail reads it; JSON log lines leave it
 * out, {@code %mdc} where it repeats {@code request_id}) and the X-Ray trace id
 * ({@code AWS-XRAY-TRACE-ID}, set by the inherited {@code populateMappingDiagnosticContextWithXrayTraceId}); function
 * name, version, ARN, memory and remaining time are left out: constant per log group, or stale after the first line.
 *
 * <p>Cold start is per application context: in Lambda one handler (so one context) lives per JVM, so this is the JVM's
 * first invocation; a test that builds a fresh handler sees a fresh cold start.
 *
 * <p>It also starts the invocation's metrics ({@link InvocationMetrics#begin}: function name, clock).
 */
@Singleton
@Replaces(DefaultDiagnosticInfoPopulator.class)
public class InvocationMdc extends DefaultDiagnosticInfoPopulator {

    private final AtomicBoolean first = new AtomicBoolean(true);
    private final InvocationMetrics metrics;

    public InvocationMdc(InvocationMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void populateMappingDiagnosticContextValues(Context context) {
        put(MDC_DEFAULT_AWS_REQUEST_ID, context.getAwsRequestId());
        put(LogFields.REQUEST_ID, context.getAwsRequestId());
        put(LogFields.FUNCTION, context.getFunctionName());
        MDC.put(LogFields.COLD_START, String.valueOf(first.getAndSet(false)));
        metrics.begin(context.getFunctionName());
    }

    // a missing value removes the key, so a previous invocation's id on this thread never labels this one
    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
