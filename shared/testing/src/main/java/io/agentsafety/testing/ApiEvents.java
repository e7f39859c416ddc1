package io.agentsafety.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds API Gateway HTTP API (payload format 2.0) events the way API Gateway sends them to a
 * Lambda: lower-case header names, raw path and query, request context with method and source ip.
 */
public final class ApiEvents {

    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private String body;
    private boolean base64;

    private ApiEvents(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public static ApiEvents request(String method, String path) {
        return new ApiEvents(method, path);
    }

    public static APIGatewayV2HTTPEvent postJson(String path, String json) {
        return request("POST", path).json(json).build();
    }

    public static APIGatewayV2HTTPEvent get(String path) {
        return request("GET", path).build();
    }

    public ApiEvents header(String name, String value) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    public ApiEvents query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public ApiEvents json(String json) {
        header("content-type", "application/json");
        this.body = json;
        this.base64 = false;
        return this;
    }

    public ApiEvents body(String contentType, String text) {
        header("content-type", contentType);
        this.body = text;
        this.base64 = false;
        return this;
    }

    public ApiEvents binaryBody(String contentType, byte[] bytes) {
        header("content-type", contentType);
        this.body = Base64.getEncoder().encodeToString(bytes);
        this.base64 = true;
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        if (body != null && !headers.containsKey("content-length")) {
            int length = base64 ? Base64.getDecoder().decode(body).length : body.getBytes(StandardCharsets.UTF_8).length;
            headers.put("content-length", Integer.toString(length));
        }
        headers.putIfAbsent("host", "localhost");
        headers.putIfAbsent("user-agent", "agent-safety-tests");
        StringBuilder rawQuery = new StringBuilder();
        query.forEach((k, v) -> rawQuery.append(rawQuery.length() == 0 ? "" : "&").append(k).append('=').append(v));
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(method)
            .withPath(path)
            .withProtocol("HTTP/1.1")
            .withSourceIp("127.0.0.1")
            .withUserAgent(headers.get("user-agent"))
            .build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(http)
            .withRequestId("test-" + System.nanoTime())
            .withRouteKey("$default")
            .withStage("$default")
            .withTimeEpoch(System.currentTimeMillis())
            .build();
        return APIGatewayV2HTTPEvent.builder()
            .withVersion("2.0")
            .withRouteKey("$default")
            .withRawPath(path)
            .withRawQueryString(rawQuery.toString())
            .withQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query))
            .withHeaders(new LinkedHashMap<>(headers))
            .withBody(body)
            .withIsBase64Encoded(base64)
            .withRequestContext(context)
            .build();
    }
}
