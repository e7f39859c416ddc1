package io.agentsafety.budget;

import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of the scheduled alert delivery ({@code safety.budget.alerts.*}); only the {@code budget-alerts}
 * function reads them. A webhook URL without a secret is a startup error of that function: alerts are never
 * sent unsigned. The per-run bounds must stay below the function's timeout (60 s in the template).
 * Bound by Micronaut (an immutable class rather than a record: the URL is validated and kept as a {@link URI}).
 */
@ConfigurationProperties("safety.budget.alerts")
public final class AlertSettings {

    private final URI webhookUrl;
    private final String webhookSecret;
    private final int maxAttempts;
    private final Duration timeout;
    private final Duration retryAfter;
    private final int batch;
    private final Duration runTime;

    @ConfigurationInject
    public AlertSettings(@Nullable String webhookUrl,
                         @Nullable String webhookSecret,
                         @Bindable(defaultValue = "8") int maxAttempts,
                         @Bindable(defaultValue = "5s") Duration timeout,
                         @Bindable(defaultValue = "30s") Duration retryAfter,
                         @Bindable(defaultValue = "100") int batch,
                         @Bindable(defaultValue = "40s") Duration runTime) {
        this.webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : parse(webhookUrl);
        this.webhookSecret = webhookSecret == null || webhookSecret.isEmpty() ? null : webhookSecret;
        if (this.webhookUrl != null && this.webhookSecret == null) {
            throw new IllegalArgumentException("safety.budget.alerts.webhook-secret is required with safety.budget.alerts.webhook-url");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("safety.budget.alerts.max-attempts must be 1-100");
        }
        if (batch < 1 || batch > 1000) {
            throw new IllegalArgumentException("safety.budget.alerts.batch must be 1-1000");
        }
        if (!positive(timeout) || !positive(retryAfter) || runTime == null || runTime.compareTo(timeout) < 0) {
            throw new IllegalArgumentException(
                "safety.budget.alerts.timeout and retry-after must be positive and run-time at least one timeout");
        }
        if (retryAfter.compareTo(timeout.multipliedBy(2)) < 0) {
            // retry-after is also the lease of a claimed entry: a POST still in flight when it ends is sent again by another run
            throw new IllegalArgumentException("safety.budget.alerts.retry-after must be at least twice the timeout");
        }
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.retryAfter = retryAfter;
        this.batch = batch;
        this.runTime = runTime;
    }

    /** The defaults with this receiver, for code that runs without an application context (tests). */
    public static AlertSettings webhook(String url, String secret) {
        return new AlertSettings(url, secret, 8, Duration.ofSeconds(5), Duration.ofSeconds(30), 100, Duration.ofSeconds(40));
    }

    public AlertSettings withRetries(int maxAttempts, Duration retryAfter) {
        return new AlertSettings(url(), webhookSecret, maxAttempts, timeout, retryAfter, batch, runTime);
    }

    public AlertSettings withBounds(int batch, Duration timeout, Duration runTime) {
        return new AlertSettings(url(), webhookSecret, maxAttempts, timeout, retryAfter, batch, runTime);
    }

    private String url() {
        return webhookUrl == null ? null : webhookUrl.toString();
    }

    private static URI parse(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            // the URL may carry a token: never repeated
            throw new IllegalArgumentException("safety.budget.alerts.webhook-url is not an http(s) URL");
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /** Null: no webhook; events are acknowledged without sending. */
    public URI webhookUrl() {
        return webhookUrl;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    /** Attempts per event before it goes to the dead letters. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Bound of one POST (connect + answer). */
    public Duration timeout() {
        return timeout;
    }

    /**
     * How long a failed (or abandoned) event stays pending before a run claims it again; so also the lease of a
     * run on the entries it claimed, which is why it is at least twice the {@link #timeout()}.
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Events one run takes at most. */
    public int batch() {
        return batch;
    }

    /** A run starts no new chunk of deliveries once this much time (less one timeout) has passed. */
    public Duration runTime() {
        return runTime;
    }
}
