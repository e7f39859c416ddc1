package io.agentsafety.sandbox.exec;

import io.agentsafety.core.metrics.Dimension;
import io.agentsafety.core.metrics.InvocationMetrics;
import io.agentsafety.core.metrics.MetricNames;
import io.agentsafety.core.metrics.MetricUnit;
import io.agentsafety.sandbox.SandboxBackend;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * {@code SandboxSeconds}: how long each sandbox was alive — the time its cost is committed for — by {@code Backend}
 * (this function's backend, never a name read from a request or a step's state). Recorded where the cost is settled,
 * once per sandbox.
 */
@Singleton
public class SandboxSeconds {

    private final InvocationMetrics metrics;
    private final String backend;

    public SandboxSeconds(InvocationMetrics metrics, SandboxBackend backend) {
        this.metrics = metrics;
        this.backend = backend.name();
    }

    public void alive(Duration alive) {
        metrics.observe(MetricNames.SANDBOX_SECONDS, MetricUnit.SECONDS, Math.max(0, alive.toMillis()) / 1000.0,
            Dimension.of("Backend", backend));
    }
}
