package io.agentsafety.client;

import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.serde.ObjectMapper;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent-safety API for Java callers, usable without a Micronaut application:
 * <pre>{@code
 * try (SafetyClient safety = SafetyClient.builder().build()) {        // base URL from API_URL
 *     safety.policy().checkAndEnforce("execute_code", Map.of("command", "terraform apply"), CheckOptions.run("run-42"));
 *     safety.budget().spendWithEnforcement("run-42", new BigDecimal("0.25"));
 * }
 * }</pre>
 * In a Micronaut application, inject {@code SafetyClient} instead (configured by {@code safety.client.*}).
 * Thread-safe; one instance per process, closed at shutdown.
 */
public final class SafetyClient implements AutoCloseable {

    /** The environment variable the original design used for the service's base URL. */
    public static final String API_URL_ENV = "API_URL";
    /** The system property / configuration key for the base URL. */
    public static final String URL_PROPERTY = "safety.client.url";

    private final Transport transport;
    private final PolicyClient policy;
    private final BudgetClient budget;
    private final SandboxClient sandbox;
    private final RedactClient redact;

    SafetyClient(Transport transport) {
        this.transport = transport;
        this.policy = new PolicyClient(transport);
        this.budget = new BudgetClient(transport);
        this.sandbox = new SandboxClient(transport);
        this.redact = new RedactClient(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    public PolicyClient policy() {
        return policy;
    }

    public BudgetClient budget() {
        return budget;
    }

    public SandboxClient sandbox() {
        return sandbox;
    }

    public RedactClient redact() {
        return redact;
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Configuration of a {@link SafetyClient}; every setting has a default except the base URL. */
    public static final class Builder {
        private String baseUrl;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration readTimeout = Duration.ofSeconds(30);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private RequestSigner signer;
        private Transport.Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        private Builder() {
        }

        /**
         * The API's base URL up to the stage, e.g. {@code https://abc.execute-api.eu-west-1.amazonaws.com} or
         * {@code http://127.0.0.1:8080}; {@code /api/v1/safety} is added unless the URL already ends with it.
         * Default: {@code -Dsafety.client.url}, else the {@code API_URL} environment variable.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        /** How long one try may wait for the answer (sandbox executions: set above their command timeouts). */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout);
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        /** Signs every request, e.g. {@code SigV4Signer.forRegion("eu-west-1")} for the IAM-authorized API. */
        public Builder signer(RequestSigner signer) {
            this.signer = signer;
            return this;
        }

        Builder sleeper(Transport.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public SafetyClient build() {
            String url = baseUrl != null ? baseUrl : System.getProperty(URL_PROPERTY, System.getenv(API_URL_ENV));
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("no base URL: call baseUrl(..), or set -D" + URL_PROPERTY + " or " + API_URL_ENV);
            }
            URI base = apiBase(url);
            DefaultHttpClientConfiguration config = new DefaultHttpClientConfiguration();
            config.setConnectTimeout(connectTimeout);
            config.setReadTimeout(readTimeout);
            config.setExceptionOnErrorStatus(true);
            HttpClient http;
            try {
                http = HttpClient.create(base.toURL(), config);
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("invalid base URL", e);
            }
            return new SafetyClient(new Transport(base, http, retry, signer, ObjectMapper.getDefault(), sleeper));
        }

        static URI apiBase(String url) {
            String trimmed = url.strip();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            if (!trimmed.endsWith("/api/v1/safety")) {
                trimmed = trimmed + "/api/v1/safety";
            }
            URI uri = URI.create(trimmed);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("base URL must be http or https");
            }
            return uri;
        }
    }
}
