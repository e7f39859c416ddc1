package io.agentsafety.functions.redact;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Development tool: serves {@code POST /api/v1/safety/redact} on localhost through the real Lambda
 * handler (each HTTP request becomes an API Gateway v2 event), so the evaluation harness
 * ({@code ../shared/eval/eval.py --only secrets --only negatives}) can score this function locally.
 * Run with the test classpath: {@code java -cp ... io.agentsafety.functions.redact.LocalHttpServer 8080}.
 */
public final class LocalHttpServer {

    private LocalHttpServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            APIGatewayV2HTTPResponse response;
            synchronized (handler) {
                response = handler.handleRequest(
                    ApiEvents.postJson(exchange.getRequestURI().getPath(), body), new TestLambdaContext("local"));
            }
            byte[] out = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            }
            exchange.sendResponseHeaders(response.getStatusCode(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        System.out.println("listening on http://127.0.0.1:" + port);
    }
}
