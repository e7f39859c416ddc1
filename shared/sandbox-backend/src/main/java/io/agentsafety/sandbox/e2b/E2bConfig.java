package io.agentsafety.sandbox.e2b;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach E2B, honoured as the official SDKs honour it: {@code E2B_API_KEY}, {@code E2B_DOMAIN}
 * (default {@code e2b.app}), {@code E2B_API_URL} (control plane, default {@code https://api.<domain>}) and
 * {@code E2B_SANDBOX_URL} (replaces the base URL of every envd request; the routing headers still say which
 * sandbox). {@link #toString()} never shows the key.
 *
 * @param requestTimeout   bound of every control-plane call and file transfer (SDK default 60 s)
 * @param maxRetries       control-plane retries of 429-with-Retry-After and 5xx (SDK default 3)
 * @param deadlineMargin   the client-side command deadline is the command timeout plus this
 * @param maxUploadBytes   largest file {@code upload} sends
 * @param defaultTemplate  template when the spec names none
 */
public record E2bConfig(String apiKey, String domain, String apiUrl, String sandboxUrl, Duration requestTimeout,
                        int maxRetries, Duration deadlineMargin, long maxUploadBytes, String defaultTemplate) {

    public static final String DEFAULT_DOMAIN = "e2b.app";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_DEADLINE_MARGIN = Duration.ofSeconds(2);
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 100L * 1024 * 1024;
    public static final String DEFAULT_TEMPLATE = "base";
    static final int ENVD_PORT = 49983;

    public E2bConfig {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("E2B API key is missing (E2B_API_KEY / e2b.api-key)");
        }
        apiKey = apiKey.strip();
        domain = blankToNull(domain) == null ? DEFAULT_DOMAIN : domain.strip();
        apiUrl = url(apiUrl, "E2B_API_URL");
        sandboxUrl = url(sandboxUrl, "E2B_SANDBOX_URL");
        requestTimeout = positive(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "request timeout");
        deadlineMargin = deadlineMargin == null ? DEFAULT_DEADLINE_MARGIN : deadlineMargin;
        if (deadlineMargin.isNegative()) {
            throw new IllegalArgumentException("E2B deadline margin must not be negative");
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("E2B max retries must be within 0..10");
        }
        maxUploadBytes = maxUploadBytes <= 0 ? DEFAULT_MAX_UPLOAD_BYTES : maxUploadBytes;
        defaultTemplate = blankToNull(defaultTemplate) == null ? DEFAULT_TEMPLATE : defaultTemplate.strip();
    }

    /** The SDK defaults with a key and optional overrides. */
    public static E2bConfig of(String apiKey, String domain, String apiUrl, String sandboxUrl) {
        return new E2bConfig(apiKey, domain, apiUrl, sandboxUrl, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RETRIES,
            DEFAULT_DEADLINE_MARGIN, DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_TEMPLATE);
    }

    /** Reads the SDK's environment variables; empty values count as unset. */
    public static E2bConfig fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        return of(env.get("E2B_API_KEY"), blankToNull(env.get("E2B_DOMAIN")), blankToNull(env.get("E2B_API_URL")),
            blankToNull(env.get("E2B_SANDBOX_URL")));
    }

    public E2bConfig withRequestTimeout(Duration timeout) {
        return new E2bConfig(apiKey, domain, apiUrl, sandboxUrl, timeout, maxRetries, deadlineMargin, maxUploadBytes,
            defaultTemplate);
    }

    public E2bConfig withMaxRetries(int retries) {
        return new E2bConfig(apiKey, domain, apiUrl, sandboxUrl, requestTimeout, retries, deadlineMargin,
            maxUploadBytes, defaultTemplate);
    }

    public E2bConfig withMaxUploadBytes(long bytes) {
        return new E2bConfig(apiKey, domain, apiUrl, sandboxUrl, requestTimeout, maxRetries, deadlineMargin, bytes,
            defaultTemplate);
    }

    /** {@code E2B_API_URL}, else {@code https://api.<domain>}. */
    public String controlPlaneUrl() {
        return apiUrl != null ? apiUrl : "https://api." + domain;
    }

    /**
     * envd's base URL: {@code E2B_SANDBOX_URL} when set, else the per-sandbox host
     * {@code https://49983-<id>.<domain>} (the form E2B documents for any port; §1.1).
     */
    public String envdUrl(String sandboxId, String sandboxDomain) {
        if (sandboxUrl != null) {
            return sandboxUrl;
        }
        return "https://" + ENVD_PORT + "-" + sandboxId + "." + (blankToNull(sandboxDomain) == null ? domain : sandboxDomain);
    }

    @Override
    public String toString() {
        return "E2bConfig[apiKey=" + (apiKey.startsWith("e2b_") ? "e2b_…" : "…") + ", domain=" + domain
            + ", apiUrl=" + apiUrl + ", sandboxUrl=" + sandboxUrl + ", requestTimeout=" + requestTimeout
            + ", maxRetries=" + maxRetries + ", deadlineMargin=" + deadlineMargin + ", maxUploadBytes=" + maxUploadBytes
            + ", defaultTemplate=" + defaultTemplate + "]";
    }

    private static String url(String value, String name) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(v.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getUserInfo() != null || uri.getQuery() != null) {
            throw new IllegalArgumentException(name + " must be an http(s) URL without credentials or query");
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static Duration positive(Duration value, Duration fallback, String what) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("E2B " + what + " must be positive");
        }
        return value;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
