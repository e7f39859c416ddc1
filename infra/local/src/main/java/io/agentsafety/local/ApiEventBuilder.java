package io.agentsafety.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsafety.local.template.Route;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the API Gateway HTTP API payload format 2.0 event for a request, as API Gateway does: header names
 * lower-cased and repeated values joined with commas, Cookie headers moved to {@code cookies}, query parameters
 * decoded (repeated ones comma-joined) next to the raw query string, path parameters from the route, and the body
 * as text for textual content types, base64 ({@code isBase64Encoded}) otherwise.
 */
public final class ApiEventBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ApiEventBuilder() {
    }

    public static ObjectNode build(HttpRequestData request, Route route, Map<String, String> pathParameters, String requestId, Instant now) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route.routeKey());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());

        ObjectNode headers = event.putObject("headers");
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> {
                    for (String cookie : v.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                });
                return;
            }
            String joined = String.join(",", values);
            headers.put(lower, headers.has(lower) ? headers.get(lower).asText() + "," + joined : joined);
        });
        // added by API Gateway in front of every integration
        if (!headers.has("x-forwarded-for")) {
            headers.put("x-forwarded-for", request.sourceIp());
        }
        headers.put("x-forwarded-proto", "http");
        String hostHeader = request.host() == null ? "" : request.host();
        headers.put("x-forwarded-port", hostHeader.matches(".*:\\d+$") ? hostHeader.substring(hostHeader.lastIndexOf(':') + 1) : "80");
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }

        Map<String, String> query = query(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "local");
        String host = request.host() == null ? "localhost" : request.host();
        context.put("domainName", host);
        context.put("domainPrefix", host.contains(".") ? host.substring(0, host.indexOf('.')) : host.replaceFirst(":.*", ""));
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.path("user-agent").asText(""));
        context.put("requestId", requestId);
        context.put("routeKey", route.routeKey());
        context.put("stage", "$default");
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        byte[] body = request.body();
        if (body != null && body.length > 0) {
            String text = isText(headers.path("content-type").asText("")) ? utf8(body) : null;
            event.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", text == null);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** {@link #build}'s event as UTF-8 JSON, written straight to bytes (no intermediate String). */
    public static byte[] bytes(HttpRequestData request, Route route, Map<String, String> pathParameters, String requestId, Instant now) {
        try {
            return JSON.writeValueAsBytes(build(request, route, pathParameters, requestId, now));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    /** Decoded query parameters; a repeated name's values are joined with commas, as API Gateway does. */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /** Textual media types are passed as text; everything else (images, octet-stream, unknown) as base64. */
    static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return type.isEmpty() || type.startsWith("text/") || type.endsWith("/json") || type.endsWith("+json")
            || type.endsWith("/xml") || type.endsWith("+xml") || type.equals("application/javascript")
            || type.equals("application/x-www-form-urlencoded") || type.equals("application/yaml");
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
