package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP response API Gateway makes of a function's payload 2.0 result: a JSON object with
 * {@code statusCode} is read as {@code statusCode}, {@code headers}, {@code multiValueHeaders},
 * {@code cookies} (each a Set-Cookie), {@code body} and {@code isBase64Encoded}; any other JSON value is
 * inferred as a 200 application/json whose body is that JSON.
 */
public record ApiResponse(int status, Map<String, List<String>> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ApiResponse fromFunction(byte[] payload) throws IOException {
        JsonNode result = JSON.readTree(payload);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (result == null || !result.isObject() || !result.has("statusCode")) {
            headers.put("content-type", List.of("application/json"));
            return new ApiResponse(200, headers, payload);
        }
        int status = result.get("statusCode").asInt();
        if (status < 100 || status > 599) {
            throw new IOException("statusCode out of range");
        }
        result.path("headers").fields().forEachRemaining(h -> headers.computeIfAbsent(h.getKey().toLowerCase(), k -> new ArrayList<>()).add(h.getValue().asText()));
        result.path("multiValueHeaders").fields().forEachRemaining(h -> h.getValue().forEach(v -> {
            List<String> values = headers.computeIfAbsent(h.getKey().toLowerCase(), k -> new ArrayList<>());
            if (!values.contains(v.asText())) {
                values.add(v.asText());
            }
        }));
        result.path("cookies").forEach(c -> headers.computeIfAbsent("set-cookie", k -> new ArrayList<>()).add(c.asText()));
        JsonNode bodyNode = result.get("body");
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (result.path("isBase64Encoded").asBoolean(false) || result.path("base64Encoded").asBoolean(false)) {
            body = Base64.getDecoder().decode(bodyNode.asText());
        } else {
            body = (bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return new ApiResponse(status, headers, body);
    }
}
