package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.json.tree.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/** E2B's REST control plane (§2): create, get, kill, set timeout, list; with the retries of {@link RetryPolicy}. */
final class ControlPlane {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    /** New ids are {@code i} + 20 characters; the legacy form is {@code <id>-<clientID>}. */
    private static final Pattern SANDBOX_ID = Pattern.compile("^[a-z0-9]{1,64}(-[a-z0-9]{1,32})?$");
    private static final int MAX_PAGES = 50;

    /** What create answers; the token is a credential, so it is not in {@link #toString()}. */
    record Created(String sandboxId, String envdAccessToken, String domain, String envdVersion) {
        @Override
        public String toString() {
            return "Created[sandboxId=" + sandboxId + ", domain=" + domain + ", envdVersion=" + envdVersion + "]";
        }
    }

    private final E2bConfig config;
    private final E2bHttp http;
    private final RetryPolicy retries;

    ControlPlane(E2bConfig config, E2bHttp http) {
        this.config = config;
        this.http = http;
        this.retries = new RetryPolicy(config.maxRetries(), config.requestTimeout());
    }

    Created create(JsonNode body) {
        HttpReply reply = send("POST", "/v2/sandboxes", body, false, "create sandbox");
        if (reply.status() != 201 && reply.status() != 200) {
            throw E2bErrors.controlPlane("create sandbox", reply);
        }
        JsonNode json = E2bErrors.parse(reply.body());
        String sandboxId = E2bJson.string(json, "sandboxID");
        if (sandboxId == null || !SANDBOX_ID.matcher(sandboxId).matches()) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "create sandbox: E2B answered without a valid sandboxID");
        }
        return new Created(sandboxId, text(json, "envdAccessToken"), text(json, "domain"),
            text(json, "envdVersion"));
    }

    /**
     * Reattaches to a running (or paused, then resumed) sandbox (§2.8, v2 connect with an empty body: the TTL
     * is only extended, never shortened). Safe to retry: connecting twice is connecting once.
     */
    Created connect(String sandboxId) {
        HttpReply reply = send("POST", "/v2/sandboxes/" + checkId(sandboxId) + "/connect", JsonNode.createObjectNode(Map.of()),
            true, "connect sandbox");
        if (reply.status() == 404) {
            throw new SandboxException(SandboxException.Kind.NOT_FOUND, "sandbox " + sandboxId + " no longer exists");
        }
        if (reply.status() != 200 && reply.status() != 201) {
            throw E2bErrors.controlPlane("connect sandbox", reply);
        }
        JsonNode json = E2bErrors.parse(reply.body());
        if (json == null) {
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "connect sandbox: E2B answered without a body");
        }
        return new Created(sandboxId, text(json, "envdAccessToken"), text(json, "domain"),
            text(json, "envdVersion"));
    }

    /** The sandbox's detail, or null when E2B says it does not exist. */
    JsonNode get(String sandboxId) {
        HttpReply reply = send("GET", "/sandboxes/" + checkId(sandboxId), null, true, "get sandbox");
        if (reply.status() == 404) {
            return null;
        }
        if (reply.status() != 200) {
            throw E2bErrors.controlPlane("get sandbox", reply);
        }
        return E2bErrors.parse(reply.body());
    }

    /** True when killed now, false when it was already gone. */
    boolean kill(String sandboxId) {
        HttpReply reply = send("DELETE", "/sandboxes/" + checkId(sandboxId), null, true, "kill sandbox");
        if (reply.status() == 404) {
            return false;
        }
        if (!reply.ok()) {
            throw E2bErrors.controlPlane("kill sandbox", reply);
        }
        return true;
    }

    void setTimeout(String sandboxId, Duration timeout) {
        JsonNode body = JsonNode.createObjectNode(Map.of("timeout", JsonNode.createNumberNode(ceilSeconds(timeout))));
        HttpReply reply = send("POST", "/sandboxes/" + checkId(sandboxId) + "/timeout", body, true, "set sandbox timeout");
        if (!reply.ok()) {
            throw E2bErrors.controlPlane("set sandbox timeout", reply);
        }
    }

    /** Every running or paused sandbox whose metadata contains the filter, following {@code X-Next-Token}. */
    List<JsonNode> list(Map<String, String> metadataFilter) {
        StringJoiner metadata = new StringJoiner("&");
        metadataFilter.forEach((k, v) -> metadata.add(enc(k) + "=" + enc(v)));
        List<JsonNode> all = new ArrayList<>();
        String next = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            StringBuilder path = new StringBuilder("/v2/sandboxes?state=running,paused&limit=100");
            if (metadata.length() > 0) {
                // the SDK encodes k=v pairs, joins them, and encodes the whole string again as the value
                path.append("&metadata=").append(enc(metadata.toString()));
            }
            if (next != null) {
                path.append("&nextToken=").append(enc(next));
            }
            HttpReply reply = send("GET", path.toString(), null, true, "list sandboxes");
            if (reply.status() != 200) {
                throw E2bErrors.controlPlane("list sandboxes", reply);
            }
            JsonNode json = E2bErrors.parse(reply.body());
            if (json == null || !json.isArray()) {
                throw new SandboxException(SandboxException.Kind.UNAVAILABLE, "list sandboxes: E2B answered no JSON array");
            }
            json.values().forEach(all::add);
            next = E2bConfig.blankToNull(reply.header("X-Next-Token"));
            if (next == null) {
                return all;
            }
        }
        LOG.warn("E2B list stopped after {} pages", MAX_PAGES);
        return all;
    }

    /** One call with retries; returns the last answer (the caller maps a non-2xx one). */
    private HttpReply send(String method, String path, JsonNode body, boolean idempotent, String operation) {
        long started = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            HttpReply reply;
            try {
                reply = http.call(request(method, path, body), config.requestTimeout());
            } catch (SandboxException e) {
                Duration wait = e.kind() == SandboxException.Kind.UNAVAILABLE
                    ? retries.delay(-1, null, attempt, idempotent, elapsedMs(started)) : null;
                if (wait == null) {
                    throw e;
                }
                pause(wait, operation, "transport failure", attempt);
                continue;
            }
            if (reply.ok()) {
                return reply;
            }
            if (reply.status() == 401) {
                throw E2bErrors.controlPlane(operation, reply);
            }
            Duration wait = retries.delay(reply.status(), reply.header("Retry-After"), attempt, idempotent, elapsedMs(started));
            if (wait == null) {
                return reply;
            }
            pause(wait, operation, "status " + reply.status(), attempt);
        }
    }

    private MutableHttpRequest<?> request(String method, String path, JsonNode body) {
        String uri = config.controlPlaneUrl() + path;
        MutableHttpRequest<Object> request = switch (method) {
            case "GET" -> HttpRequest.GET(uri);
            case "DELETE" -> HttpRequest.DELETE(uri);
            default -> HttpRequest.POST(uri, null);
        };
        request.header("X-API-Key", config.apiKey());
        request.header("User-Agent", E2bHttp.USER_AGENT);
        request.accept(MediaType.APPLICATION_JSON_TYPE);
        if (body != null) {
            request.body(E2bJson.write(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return request;
    }

    private static void pause(Duration wait, String operation, String why, int attempt) {
        LOG.info("E2B {}: {}, retry {} in {} ms", operation, why, attempt + 1, wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Kind.UNAVAILABLE, operation + ": interrupted while waiting to retry");
        }
    }

    static String checkId(String sandboxId) {
        if (sandboxId == null || !SANDBOX_ID.matcher(sandboxId).matches()) {
            throw new SandboxException(SandboxException.Kind.INVALID, "not an E2B sandbox id");
        }
        return sandboxId;
    }

    static long ceilSeconds(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new SandboxException(SandboxException.Kind.INVALID, "a sandbox timeout must be positive");
        }
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        if (seconds > 86_400) {
            throw new SandboxException(SandboxException.Kind.INVALID, "a sandbox timeout cannot exceed 24 hours");
        }
        return seconds;
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(JsonNode json, String field) {
        String value = E2bJson.string(json, field);
        return value != null && !value.isEmpty() ? value : null;
    }
}
