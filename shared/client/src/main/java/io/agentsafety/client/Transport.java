package io.agentsafety.client;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange with the service, and everything around it that every call shares: JSON in and out,
 * problem+json mapped to typed exceptions, retries of idempotent calls, signing. Built on Micronaut's low-level
 * {@link HttpClient}, which needs no application context, so the same code serves plain Java and Micronaut apps.
 */
final class Transport implements AutoCloseable {

    /** What a call may do when it fails transiently. */
    enum Retry { IDEMPOTENT, NEVER }

    /** A successful answer: status, body and the replay header of idempotent budget calls. */
    record Answer(int status, byte[] body, boolean replayed) {
    }

    private static final String USER_AGENT = "agent-safety-java-client/0.1";

    private final URI base;
    private final HttpClient http;
    private final BlockingHttpClient blocking;
    private final RetryPolicy retry;
    private final RequestSigner signer;
    private final ObjectMapper json;
    private final Sleeper sleeper;

    /** Waits between tries; tests replace it to observe the delays. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    Transport(URI base, HttpClient http, RetryPolicy retry, RequestSigner signer, ObjectMapper json, Sleeper sleeper) {
        this.base = base;
        this.http = http;
        this.blocking = http.toBlocking();
        this.retry = retry;
        this.signer = signer;
        this.json = json;
        this.sleeper = sleeper;
    }

    ObjectMapper json() {
        return json;
    }

    <T> T read(byte[] body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new SafetyException(Problem.of(0, "Unreadable response", "the service's answer is not the expected JSON"), e);
        }
    }

    byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code body} (null: none) and returns the 2xx answer; any other outcome throws the mapped exception.
     * 402 and 403 are returned to the caller's mapper through {@link SafetyException#problem()}.
     */
    Answer exchange(String method, String path, Object body, Retry mode) {
        byte[] bytes = body == null ? null : (body instanceof byte[] b ? b : write(body));
        URI uri = base.resolve(base.getPath().endsWith("/") ? path.substring(1) : base.getPath() + path);
        int attempts = mode == Retry.IDEMPOTENT ? retry.maxAttempts() : 1;
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = once(method, uri, bytes);
            if (outcome.answer != null) {
                return outcome.answer;
            }
            if (!outcome.transientFailure || attempt >= attempts) {
                throw outcome.error;
            }
            try {
                sleeper.sleep(retry.delayAfter(attempt, outcome.retryAfter));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw outcome.error;
            }
        }
    }

    private record Outcome(Answer answer, SafetyException error, boolean transientFailure, Duration retryAfter) {
    }

    private Outcome once(String method, URI uri, byte[] body) {
        MutableHttpRequest<byte[]> request = HttpRequest.<byte[]>create(io.micronaut.http.HttpMethod.parse(method), uri.toString())
            .header("Accept", "application/json, application/problem+json")
            .header("User-Agent", USER_AGENT);
        Map<String, String> signedHeaders = new LinkedHashMap<>();
        signedHeaders.put("accept", "application/json, application/problem+json");
        if (body != null) {
            request.body(body).header("Content-Type", "application/json");
            signedHeaders.put("content-type", "application/json");
        }
        if (signer != null) {
            signer.sign(method, uri, signedHeaders, body).forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        }
        try {
            HttpResponse<byte[]> response = blocking.exchange(request, byte[].class);
            byte[] bytes = response.getBody(byte[].class).orElse(new byte[0]);
            boolean replayed = "true".equalsIgnoreCase(response.getHeaders().get("Idempotent-Replayed"));
            return new Outcome(new Answer(response.getStatus().getCode(), bytes, replayed), null, false, null);
        } catch (HttpClientResponseException e) {
            int status = e.getStatus().getCode();
            byte[] bytes = e.getResponse().getBody(byte[].class).orElse(new byte[0]);
            Problem problem = Errors.problem(status, bytes, json);
            boolean transientFailure = status == 429 || status == 502 || status == 503 || status == 504;
            return new Outcome(null, Errors.map(problem, json), transientFailure, retryAfter(e.getResponse()));
        } catch (HttpClientException e) {
            // no answer: connection refused, reset, read timeout
            Problem problem = Problem.of(0, "Service unreachable", "no answer from " + base.getHost() + ": "
                + e.getClass().getSimpleName());
            return new Outcome(null, new ServiceUnavailableException(problem, e), true, null);
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.getHeaders().findFirst("Retry-After");
        if (header.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.get().trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
