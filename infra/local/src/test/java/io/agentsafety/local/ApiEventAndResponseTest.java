package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.local.template.Route;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiEventAndResponseTest {

    @Test
    void handlerTimeIsLoggedInTenthsOfAMillisecondRounded() {
        assertEquals("1.2", ApiServer.tenthsOfMillis(1_234_567));
        assertEquals("0.0", ApiServer.tenthsOfMillis(0));
        assertEquals("0.1", ApiServer.tenthsOfMillis(50_000));
        assertEquals("12.0", ApiServer.tenthsOfMillis(11_960_000));
    }

    @Test
    void eventCarriesRouteContextAndMergedHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Trace", List.of("1"));
        headers.put("x-trace", List.of("2"));
        headers.put("Host", List.of("localhost:8080"));
        HttpRequestData request = new HttpRequestData("POST", "/api/v1/safety/check", null, headers, new byte[0], "127.0.0.1", "localhost:8080");
        JsonNode event = ApiEventBuilder.build(request, new Route("POST", "/api/v1/safety/check", "Fn"), Map.of(), "rid",
            Instant.parse("2026-11-29T15:00:00Z"));
        assertEquals("POST /api/v1/safety/check", event.get("routeKey").asText());
        assertEquals("", event.get("rawQueryString").asText());
        assertEquals("1,2", event.at("/headers/x-trace").asText());
        assertFalse(event.has("body"));
        assertFalse(event.has("queryStringParameters"));
        assertFalse(event.has("pathParameters"));
        assertEquals("29/Nov/2026:15:00:00 +0000", event.at("/requestContext/time").asText());
        assertEquals(1795964400000L, event.at("/requestContext/timeEpoch").asLong());
        assertEquals("$default", event.at("/requestContext/stage").asText());
        assertEquals("localhost", event.at("/requestContext/domainPrefix").asText());
    }

    @Test
    void queryParametersAreDecodedAndRepeatsJoined() {
        assertEquals(Map.of("a", "1,2", "b", "x y", "c", "", "d=", "&"), ApiEventBuilder.query("a=1&a=2&b=x+y&c&d%3D=%26&&"));
        assertTrue(ApiEventBuilder.query(null).isEmpty());
    }

    @Test
    void textualContentTypesStayText() {
        for (String text : List.of("application/json", "application/json; charset=utf-8", "application/problem+json", "text/plain", "", "application/xml")) {
            assertTrue(ApiEventBuilder.isText(text), text);
        }
        for (String binary : List.of("application/octet-stream", "image/png", "application/pdf")) {
            assertFalse(ApiEventBuilder.isText(binary), binary);
        }
    }

    @Test
    void invalidUtf8InATextTypeIsSentAsBase64() {
        HttpRequestData request = new HttpRequestData("POST", "/x", "", Map.of("Content-Type", List.of("text/plain")),
            new byte[]{(byte) 0xc3, (byte) 0x28}, "127.0.0.1", null);
        JsonNode event = ApiEventBuilder.build(request, new Route("POST", "/x", "Fn"), Map.of(), "r", Instant.now());
        assertTrue(event.get("isBase64Encoded").asBoolean());
        assertEquals("wyg=", event.get("body").asText());
    }

    @Test
    void structuredResponsesAreMapped() throws IOException {
        ApiResponse response = ApiResponse.fromFunction(("{\"statusCode\":202,\"headers\":{\"Content-Type\":\"text/plain\",\"X-A\":\"1\"},"
            + "\"multiValueHeaders\":{\"X-A\":[\"1\",\"2\"]},\"cookies\":[\"s=1; HttpOnly\"],\"body\":\"ok\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(202, response.status());
        assertEquals(List.of("text/plain"), response.headers().get("content-type"));
        assertEquals(List.of("1", "2"), response.headers().get("x-a"));
        assertEquals(List.of("s=1; HttpOnly"), response.headers().get("set-cookie"));
        assertEquals("ok", new String(response.body(), StandardCharsets.UTF_8));

        ApiResponse binary = ApiResponse.fromFunction("{\"statusCode\":200,\"body\":\"AAE=\",\"base64Encoded\":true}".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, binary.body().length, "serde's spelling of isBase64Encoded is accepted too");

        assertEquals(0, ApiResponse.fromFunction("{\"statusCode\":204}".getBytes(StandardCharsets.UTF_8)).body().length);
        assertThrows(IOException.class, () -> ApiResponse.fromFunction("{\"statusCode\":42}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> ApiResponse.fromFunction("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void otherResultsAreInferredAsJson200() throws IOException {
        for (String result : List.of("{\"allowed\":true}", "[1,2]", "\"text\"", "null")) {
            ApiResponse response = ApiResponse.fromFunction(result.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, response.status());
            assertEquals(List.of("application/json"), response.headers().get("content-type"));
            assertEquals(result, new String(response.body(), StandardCharsets.UTF_8));
        }
    }
}
