package io.agentsafety.sandbox.exec;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Configuration of safe execute ({@code safety.sandbox.*}), bound by Micronaut; defaults documented in
 * shared/sandbox/README.md. A value that makes no sense stops the function at start with the key named, rather than
 * charging or cutting output by a setting nobody meant.
 */
@ConfigurationProperties("safety.sandbox")
public record SandboxExecSettings(@Bindable(defaultValue = "0.000028") BigDecimal pricePerSecond,
                                  @Bindable(defaultValue = "262144") int maxOutputBytes,
                                  @Bindable(defaultValue = "4194304") int responseOutputBytes,
                                  @Bindable(defaultValue = "3s") Duration cleanupReserve,
                                  @Bindable(defaultValue = "180s") Duration installTimeout,
                                  @Bindable(defaultValue = "60s") Duration lifetimeSlack,
                                  @Nullable String template,
                                  Steps steps) {

    public SandboxExecSettings {
        if (pricePerSecond.signum() < 0) {
            throw new IllegalArgumentException("safety.sandbox.price-per-second must not be negative");
        }
        positive(maxOutputBytes, "max-output-bytes");
        positive(responseOutputBytes, "response-output-bytes");
        positive(cleanupReserve, "cleanup-reserve");
        positive(installTimeout, "install-timeout");
        positive(lifetimeSlack, "lifetime-slack");
        template = template == null || template.isBlank() ? null : template.trim();
        if (steps == null) {
            steps = new Steps(Integer.parseInt(Steps.DEFAULT_MAX_OUTPUT_BYTES));
        }
    }

    /** {@code safety.sandbox.steps.*}: the state machine's per-step run (one command per Lambda invoke). */
    @ConfigurationProperties("steps")
    public record Steps(@Bindable(defaultValue = Steps.DEFAULT_MAX_OUTPUT_BYTES) int maxOutputBytes) {
        static final String DEFAULT_MAX_OUTPUT_BYTES = "32768";

        public Steps {
            positive(maxOutputBytes, "steps.max-output-bytes");
        }
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

    /** The E2B template a request without one runs in, or null for the backend's own default. */
    @Nullable
    public String defaultTemplate() {
        return template;
    }

    public int stepMaxOutputBytes() {
        return steps.maxOutputBytes();
    }

    private static void positive(long value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException("safety.sandbox." + key + " must be positive");
        }
    }

    private static void positive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("safety.sandbox." + key + " must be a positive duration");
        }
    }
}
