package io.agentsafety.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsafety.core.OutboundText;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's own errors, as RFC 9457 problem+json in the same shape and codes as the functions' (see
 * shared/core ProblemResponses), so a client cannot tell a runner 404 from a deployed API's. Never echo the
 * request's query or body: they may carry secrets; the method and path the 404/405 details quote are shown as
 * the functions show them ({@link OutboundText#requestMethod}, {@link OutboundText#requestPath}), and every
 * detail passes through the redactor on its way out ({@link #of}).
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static ApiResponse of(int status, String code, String title, String detail, Map<String, String> extraHeaders) {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "https://agentsafety.io/problems/" + code);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", OutboundText.text(detail, Log.SCRUBBER, OutboundText.MAX_TEXT));
        problem.put("code", code);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of(MEDIA_TYPE));
        headers.put("cache-control", List.of("no-store"));
        extraHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        return new ApiResponse(status, headers, problem.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ApiResponse notFound(String method, String path) {
        return of(404, "not_found", "Not found", "no route for " + OutboundText.requestLine(method, path, Log.SCRUBBER), Map.of());
    }

    static ApiResponse methodNotAllowed(String method, String path, String allow) {
        return of(405, "method_not_allowed", "Method not allowed", "the method " + OutboundText.requestMethod(method, Log.SCRUBBER)
            + " is not allowed on " + OutboundText.requestPath(path, Log.SCRUBBER), Map.of("allow", allow));
    }

    static ApiResponse tooLarge() {
        return of(413, "payload_too_large", "Payload too large", "the request body is larger than Lambda's 6 MiB invocation limit", Map.of());
    }

    static ApiResponse functionFailed() {
        return of(500, "internal_error", "Internal error", "the request could not be completed; nothing was changed by this error", Map.of());
    }

    static ApiResponse badGateway(String detail) {
        return of(502, "bad_gateway", "Bad gateway", detail, Map.of());
    }

    static ApiResponse unavailable(String detail) {
        return of(503, "unavailable", "Service unavailable", detail, Map.of());
    }

    static ApiResponse timeout() {
        return of(504, "gateway_timeout", "Gateway timeout", "the function did not answer within its Timeout", Map.of());
    }
}
