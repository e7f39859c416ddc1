package io.agentsafety.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.PlantedSecrets.Planted;
import io.micronaut.json.tree.JsonNode;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 §3 for one route of one function, through its real Lambda handler: each {@link PlantedSecrets}
 * secret is planted where the service echoes caller text — an unknown key, a duplicate key, the URL path of a
 * 404, the method name of a 405 — and must come back nowhere (body, headers), while the error keeps its
 * status and shape and still names the field, redacted.
 */
public final class SecretEchoes {

    private SecretEchoes() {
    }

    /** Runs every planting against {@code method path}; {@code takesJson} for routes with a JSON body. */
    public static void assertRouteEchoesNoSecret(LambdaHttp http, String method, String path, boolean takesJson) {
        for (Planted planted : PlantedSecrets.ALL) {
            String key = "\"" + planted.text() + "\"";
            if (takesJson) {
                for (String body : List.of("{" + key + ":1}", "{" + key + ":1," + key + ":2}")) {
                    APIGatewayV2HTTPResponse response = http.send(method, path, body);
                    assertClean(http, response, planted, method + " " + path + " " + body);
                    assertEquals(400, response.getStatusCode(), response.getBody());
                    String field = http.body(response).get("errors").get(0).get("field").getStringValue();
                    assertTrue(field.contains("REDACTED"), "the error still names the field, redacted: " + field);
                }
            }
            String encoded = planted.text().replace("=", "%3D");
            for (String unknown : List.of("/api/v1/safety/" + planted.text(), "/api/v1/safety/nope/" + encoded)) {
                APIGatewayV2HTTPResponse response = http.send(method, unknown, takesJson ? "{}" : null);
                assertClean(http, response, planted, method + " " + unknown);
                assertEquals(404, response.getStatusCode(), response.getBody());
            }
            if (planted.httpToken()) {
                APIGatewayV2HTTPResponse response = http.send(planted.text(), path, null);
                assertClean(http, response, planted, "method " + planted.name() + " on " + path);
                assertTrue(response.getStatusCode() == 405 || response.getStatusCode() == 404, response.getStatusCode() + " " + response.getBody());
            }
        }
    }

    /** Neither the body nor any header holds the secret; an error is problem+json. */
    public static void assertClean(LambdaHttp http, APIGatewayV2HTTPResponse response, Planted planted, String where) {
        PlantedSecrets.assertAbsent(planted, response.getBody(), "body of " + where);
        for (Map<String, ?> headers : java.util.Arrays.asList(response.getHeaders(), response.getMultiValueHeaders())) {
            if (headers != null) {
                headers.forEach((name, value) -> PlantedSecrets.assertAbsent(planted, name + ": " + value, "headers of " + where));
            }
        }
        if (response.getStatusCode() >= 400) {
            assertEquals("application/problem+json", http.header(response, "content-type"), where);
            JsonNode problem = http.body(response);
            assertTrue(problem.get("type") != null && problem.get("title") != null, response.getBody());
        }
    }
}
