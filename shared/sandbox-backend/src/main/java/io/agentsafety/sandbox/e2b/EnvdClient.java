package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * envd of one sandbox (§3): the base URL ({@code E2B_SANDBOX_URL} or {@code https://49983-<id>.<domain>}),
 * the routing headers on every request, and the sandbox's access token. Calls here are never retried.
 * {@link #toString()} has no token.
 */
final class EnvdClient {

    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private final E2bHttp http;
    private final String baseUrl;
    private final String sandboxId;
    private final String accessToken;
    private final Duration requestTimeout;

    EnvdClient(E2bHttp http, String baseUrl, String sandboxId, String accessToken, Duration requestTimeout) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.sandboxId = sandboxId;
        this.accessToken = accessToken;
        this.requestTimeout = requestTimeout;
    }

    E2bHttp http() {
        return http;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** A request to envd with the routing headers, the token and our User-Agent (never gzip: we do not decode it). */
    MutableHttpRequest<Object> request(String method, String pathAndQuery) {
        String uri = baseUrl + pathAndQuery;
        MutableHttpRequest<Object> request = method.equals("GET") ? HttpRequest.GET(uri) : HttpRequest.POST(uri, null);
        request.header("E2b-Sandbox-Id", sandboxId);
        request.header("E2b-Sandbox-Port", Integer.toString(E2bConfig.ENVD_PORT));
        request.header("User-Agent", E2bHttp.USER_AGENT);
        if (accessToken != null) {
            request.header("X-Access-Token", accessToken);
        }
        return request;
    }

    /** {@code SendSignal SIGKILL}: true when envd killed it, false when the pid is already gone. */
    boolean kill(long pid) {
        MutableHttpRequest<Object> request = request("POST", "/process.Process/SendSignal");
        request.header("Connect-Protocol-Version", "1");
        request.contentType("application/json");
        request.body(("{\"process\":{\"pid\":" + pid + "},\"signal\":\"SIGNAL_SIGKILL\"}").getBytes(StandardCharsets.UTF_8));
        HttpReply reply = http.call(request, requestTimeout);
        if (reply.status() == 200) {
            return true;
        }
        if (reply.status() == 404 && "not_found".equals(E2bErrors.connectCode(reply))) {
            return false;
        }
        throw E2bErrors.envd("kill process", reply);
    }

    /** {@code GET /health}: the status (204 alive, 502 sandbox gone), or -1 when envd cannot be reached. */
    int health() {
        try {
            return http.call(request("GET", "/health"), HEALTH_TIMEOUT).status();
        } catch (SandboxException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "EnvdClient[" + sandboxId + " at " + baseUrl + "]";
    }
}
