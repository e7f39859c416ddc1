package io.agentsafety.sandbox.exec;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Configuration of safe execute ({@code safety.sandbox.*}); defaults documented in shared/sandbox/README.md. */
@Singleton
public class SandboxExecSettings {

    private final BigDecimal pricePerSecond;
    private final int maxOutputBytes;
    private final int responseOutputBytes;
    private final Duration cleanupReserve;
    private final Duration installTimeout;
    private final Duration lifetimeSlack;
    private final String defaultTemplate;
    private final int stepMaxOutputBytes;

    public SandboxExecSettings(@Value("${safety.sandbox.price-per-second:0.000028}") BigDecimal pricePerSecond,
                               @Value("${safety.sandbox.max-output-bytes:262144}") int maxOutputBytes,
                               @Value("${safety.sandbox.response-output-bytes:4194304}") int responseOutputBytes,
                               @Value("${safety.sandbox.cleanup-reserve:3s}") Duration cleanupReserve,
                               @Value("${safety.sandbox.install-timeout:180s}") Duration installTimeout,
                               @Value("${safety.sandbox.lifetime-slack:60s}") Duration lifetimeSlack,
                               @Value("${safety.sandbox.template:}") String defaultTemplate,
                               @Value("${safety.sandbox.steps.max-output-bytes:32768}") int stepMaxOutputBytes) {
        if (pricePerSecond.signum() < 0) {
            throw new IllegalArgumentException("safety.sandbox.price-per-second must not be negative");
        }
        this.pricePerSecond = pricePerSecond;
        this.maxOutputBytes = maxOutputBytes;
        this.responseOutputBytes = responseOutputBytes;
        this.cleanupReserve = cleanupReserve;
        this.installTimeout = installTimeout;
        this.lifetimeSlack = lifetimeSlack;
        this.defaultTemplate = defaultTemplate == null || defaultTemplate.isBlank() ? null : defaultTemplate;
        this.stepMaxOutputBytes = stepMaxOutputBytes;
    }

    /** Cost in micro-units of a sandbox alive this long: price per second × seconds, rounded up to a micro-unit. */
    public long costMicros(Duration alive) {
        return pricePerSecond.multiply(BigDecimal.valueOf(Math.max(0, alive.toMillis())))
            .movePointRight(3)   // × 1e6 micro-units / 1e3 ms per second
            .setScale(0, RoundingMode.CEILING)
            .longValueExact();
    }

    /**
     * Per-stream output cap for a batch of {@code steps}: the configured cap, lowered so every stream of the batch
     * fits in the response budget (a Lambda response is at most 6 MB), never below 4 KiB.
     */
    public int outputCap(int steps) {
        long fair = responseOutputBytes / Math.max(1, 2L * steps);
        return (int) Math.max(4096, Math.min(maxOutputBytes, fair));
    }

    public Duration cleanupReserve() {
        return cleanupReserve;
    }

    public Duration installTimeout() {
        return installTimeout;
    }

    public Duration lifetimeSlack() {
        return lifetimeSlack;
    }

    public String defaultTemplate() {
        return defaultTemplate;
    }

    public int stepMaxOutputBytes() {
        return stepMaxOutputBytes;
    }

    public BigDecimal pricePerSecond() {
        return pricePerSecond;
    }
}
