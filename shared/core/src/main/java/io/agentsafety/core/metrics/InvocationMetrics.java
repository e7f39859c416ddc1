package io.agentsafety.core.metrics;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The metrics of the current invocation: domain code counts and observes ({@link #count}, {@link #observe}), the
 * invocation's end ({@link HttpMetricsFilter} for API Gateway requests, {@link DirectInvokeMetrics} for direct
 * invokes) adds {@code Requests}, {@code Latency} and {@code Errors} and {@link #flush flushes}: the lines are written
 * to stdout, synchronously, before the handler returns — Lambda freezes the environment once it has the response, so
 * nothing may be left to a background thread. They go to {@code System.out} directly, not through the application
 * log, so each is one bare JSON object per line that CloudWatch Logs parses as EMF.
 *
 * <p>Lambda runs one invocation at a time per environment, so one recorder per application context is the
 * invocation's. Where invocations share a JVM (tests, the local runner) every value is still written exactly once:
 * {@link #flush} takes what was recorded under its lock.
 */
@Singleton
public class InvocationMetrics {

    /** The dimension naming the Lambda function ({@code Context.getFunctionName()}). */
    public static final String FUNCTION_NAME = "FunctionName";
    private static final Logger LOG = LoggerFactory.getLogger(InvocationMetrics.class);
    private static final Pattern LAMBDA_NAME = Pattern.compile("[A-Za-z0-9_-]{1,140}");

    private final MetricsConfiguration config;
    private final String fallbackName;
    private final ThreadLocal<Long> startedNanos = new ThreadLocal<>();
    private volatile String functionName;
    private final Map<List<Dimension>, Map<String, Recorded>> recorded = new LinkedHashMap<>();

    public InvocationMetrics(MetricsConfiguration config, @Value("${micronaut.application.name:unknown}") String applicationName) {
        this.config = config;
        this.fallbackName = applicationName;
    }

    /** Called by {@code InvocationMdc} as an invocation starts, on its thread. */
    public void begin(String lambdaFunctionName) {
        if (lambdaFunctionName != null && LAMBDA_NAME.matcher(lambdaFunctionName).matches()) {
            functionName = lambdaFunctionName;
        }
        startedNanos.set(System.nanoTime());
    }

    /** Milliseconds since {@link #begin} on this thread; -1 when this thread began no invocation. */
    public double elapsedMillis() {
        Long started = startedNanos.get();
        return started == null ? -1 : (System.nanoTime() - started) / 1_000_000.0;
    }

    /** Adds {@code n} to a count of this invocation. */
    public void count(String name, long n, Dimension... dimensions) {
        record(name, MetricUnit.COUNT, n, true, dimensions);
    }

    /** One observation (a duration, an amount of seconds) of this invocation. */
    public void observe(String name, MetricUnit unit, double value, Dimension... dimensions) {
        if (Double.isFinite(value) && value >= 0) {
            record(name, unit, value, false, dimensions);
        }
    }

    /** A problem answer or failed invoke of {@code status}: {@code Errors} by {@code StatusClass} and {@code Status}. */
    public void error(int status) {
        if (status >= 400 && status <= 599) {
            count(MetricNames.ERRORS, 1, Dimension.of("StatusClass", status / 100 + "xx"),
                Dimension.of("Status", Integer.toString(status)));
        }
    }

    /**
     * The end of an invocation: this invocation's {@code Requests} and {@code Latency}, then everything is written.
     * Never throws: metrics cannot change an answer or hide the error an invocation fails with.
     */
    public void end(double latencyMillis) {
        try {
            count(MetricNames.REQUESTS, 1);
            if (latencyMillis >= 0) {
                observe(MetricNames.LATENCY, MetricUnit.MILLISECONDS, latencyMillis);
            }
            startedNanos.remove();
            flush();
        } catch (RuntimeException e) {
            LOG.warn("metrics of this invocation could not be written ({})", e.getClass().getSimpleName());
        }
    }

    /** Writes what was recorded as EMF lines on stdout and forgets it. */
    public void flush() {
        List<EmfLines.Series> series = new ArrayList<>();
        synchronized (recorded) {
            recorded.forEach((dimensions, metrics) -> series.add(new EmfLines.Series(dimensions,
                metrics.entrySet().stream().map(e -> e.getValue().metric(e.getKey())).toList())));
            recorded.clear();
        }
        if (series.isEmpty()) {
            return;
        }
        String name = functionName != null ? functionName : fallbackName;
        List<String> lines = EmfLines.render(config.getNamespace(), config.getDimensions(), name, System.currentTimeMillis(),
            series);
        // System.out as it is now (the local runner and tests point it elsewhere); one write per line, then flushed
        PrintStream out = System.out;
        synchronized (out) {
            for (String line : lines) {
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
            out.flush();
        }
    }

    private void record(String name, MetricUnit unit, double value, boolean summed, Dimension... dimensions) {
        if (!config.isEnabled()) {
            return;
        }
        synchronized (recorded) {
            recorded.computeIfAbsent(List.of(dimensions), d -> new LinkedHashMap<>())
                .computeIfAbsent(name, n -> new Recorded(unit, summed))
                .add(value);
        }
    }

    /** One metric of one series: a running sum, or the observations. */
    private static final class Recorded {
        private final MetricUnit unit;
        private final boolean summed;
        private final List<Double> values = new ArrayList<>();

        Recorded(MetricUnit unit, boolean summed) {
            this.unit = unit;
            this.summed = summed;
        }

        void add(double value) {
            if (summed && !values.isEmpty()) {
                values.set(0, values.get(0) + value);
            } else {
                values.add(value);
            }
        }

        EmfLines.Metric metric(String name) {
            return new EmfLines.Metric(name, unit, List.copyOf(values));
        }
    }
}
