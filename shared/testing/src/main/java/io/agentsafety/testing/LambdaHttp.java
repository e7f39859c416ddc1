package io.agentsafety.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One function's real API Gateway v2 (payload 2.0) Lambda handler, driven with real events the way API
 * Gateway drives it, plus the reading and assertions every handler test needs.
 */
public final class LambdaHttp implements AutoCloseable {

    private final String functionName;
    private final APIGatewayV2HTTPEventFunction handler;
    private final JsonMapper json;

    /** The handler as Lambda creates it (configuration from the function's function/application.yml and the environment). */
    public LambdaHttp(String functionName) {
        this(functionName, new APIGatewayV2HTTPEventFunction());
    }

    /** The handler over a context the test configured. */
    public LambdaHttp(String functionName, ApplicationContext context) {
        this(functionName, new APIGatewayV2HTTPEventFunction(context));
    }

    private LambdaHttp(String functionName, APIGatewayV2HTTPEventFunction handler) {
        this.functionName = functionName;
        this.handler = handler;
        this.json = handler.getApplicationContext().getBean(JsonMapper.class);
    }

    public <T> T bean(Class<T> type) {
        return handler.getApplicationContext().getBean(type);
    }

    public APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new TestLambdaContext(functionName));
    }

    /** {@code body} null = no body; otherwise sent as {@code application/json}. */
    public APIGatewayV2HTTPResponse send(String method, String path, String body) {
        ApiEvents request = ApiEvents.request(method, path);
        if (body != null) {
            request.json(body);
        }
        return send(request.build());
    }

    public JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return json.readValue(response.getBody(), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("response body is not JSON: " + response.getBody(), e);
        }
    }

    /** Header lookup ignoring case, as HTTP does; null when absent. */
    public String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> e : response.getHeaders().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A problem+json answer with this status; when {@code field} is given, the first invalid field it names. */
    public void assertProblem(APIGatewayV2HTTPResponse response, int status, String field) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", header(response, "content-type"));
        if (field != null) {
            assertEquals(field, body(response).get("errors").get(0).get("field").getStringValue(), response.getBody());
        }
    }

    @Override
    public void close() {
        handler.close();
    }
}
