package io.agentsafety.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentsafety.core.OutboundText;
import io.agentsafety.local.template.Route;
import io.agentsafety.local.template.RouteTable;
import io.agentsafety.local.worker.Frames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front of {@code start-api}: routes each request through the template's HttpApi routes to its
 * function, as API Gateway would. Unrouted paths are 404, a routed path with another method 405 (with Allow),
 * bodies over Lambda's 6 MiB limit 413, all problem+json. Each request is logged as method, path (never the
 * query string: it may carry secrets; the path percent-decoded, redacted and bounded like the functions' 404
 * details, see {@link OutboundText#requestLine}), status, duration and function. {@code GET /openapi.yaml} (a path no
 * template route takes) answers the API description next to the template, {@code infra/openapi.yaml}.
 */
public final class ApiServer implements AutoCloseable {

    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;
    static final String OPENAPI_PATH = "/openapi.yaml";

    private final LocalRunner runner;
    private final RouteTable routes;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<Route, String> literalLines = new ConcurrentHashMap<>();

    private ApiServer(LocalRunner runner, HttpServer server, ExecutorService executor) {
        this.runner = runner;
        this.routes = runner.routes();
        this.server = server;
        this.executor = executor;
    }

    public static ApiServer start(LocalRunner runner, String host, int port, int threads) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // small JSON answers: no Nagle delay
        Log.SCRUBBER.scrub("warm-up"); // load the redactor's table now, not on the first request's log line
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ApiServer api = new ApiServer(runner, server, executor);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long begin = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String function = "-";
        long[] handlerNanos = {-1}; // set by forward(): the function's own share of the request's time
        ApiResponse response;
        RouteTable.Lookup lookup = null;
        try {
            lookup = routes.lookup(method, path);
            if (lookup instanceof RouteTable.NotFound && path.equals(OPENAPI_PATH) && (method.equals("GET") || method.equals("HEAD"))) {
                function = "-openapi";
                response = openApiDocument();
            } else if (lookup instanceof RouteTable.Found found) {
                function = found.route().functionId();
                response = forward(exchange, found, handlerNanos);
            } else if (lookup instanceof RouteTable.MethodNotAllowed notAllowed) {
                response = Problems.methodNotAllowed(method, path, String.join(", ", notAllowed.allowed()));
            } else {
                response = Problems.notFound(method, path);
            }
        } catch (RuntimeException e) {
            Log.warn("runner error on " + OutboundText.requestLine(method, path, Log.SCRUBBER) + ": " + e.getClass().getName());
            response = Problems.badGateway("the local runner could not complete the request");
        }
        send(exchange, response);
        Log.infoScrubbed(requestLine(lookup, method, path) + " " + response.status() + " "
            + tenthsOfMillis(System.nanoTime() - begin) + "ms " + function
            + (handlerNanos[0] < 0 ? "" : " (handler " + tenthsOfMillis(handlerNanos[0]) + "ms)"));
    }

    /**
     * The request as the log shows it. A route with a fixed method and a path without parameters matches only that
     * exact method and raw path, so its line is the template's text and is computed once: the redactor's cost is
     * mostly per call and {@link OutboundText#requestLine} makes one per path segment (7 of the ~12 calls the runner
     * made per /check, BENCHMARK.md). Any other request is scrubbed as it comes.
     */
    private String requestLine(RouteTable.Lookup lookup, String method, String path) {
        if (lookup instanceof RouteTable.Found found && isLiteral(found.route())) {
            return literalLines.computeIfAbsent(found.route(), r -> OutboundText.requestLine(r.method(), r.path(), Log.SCRUBBER));
        }
        return OutboundText.requestLine(method, path, Log.SCRUBBER);
    }

    private static boolean isLiteral(Route route) {
        return !route.method().equals(Route.ANY) && !route.path().equals(Route.DEFAULT) && route.path().indexOf('{') < 0;
    }

    /** {@code 1.2} for 1,234,567 ns: String.format costs more than the rest of the log line (a tenth of the runner's CPU). */
    static String tenthsOfMillis(long nanos) {
        long tenths = (nanos + 50_000) / 100_000;
        return tenths / 10 + "." + tenths % 10;
    }

    /** The committed description beside the template, read on each request (regenerated files show at once). */
    private ApiResponse openApiDocument() throws IOException {
        Path document = runner.template().file().toAbsolutePath().resolveSibling("openapi.yaml");
        if (!Files.isRegularFile(document)) {
            return Problems.notFound("GET", OPENAPI_PATH);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/yaml"));
        headers.put("cache-control", List.of("no-cache"));
        return new ApiResponse(200, headers, Files.readAllBytes(document));
    }

    private ApiResponse forward(HttpExchange exchange, RouteTable.Found found, long[] handlerNanos) throws IOException {
        byte[] body = readBody(exchange);
        if (body == null) {
            return Problems.tooLarge();
        }
        String requestId = UUID.randomUUID().toString();
        HttpRequestData request = new HttpRequestData(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body,
            exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getRequestHeaders().getFirst("Host"));
        byte[] event = ApiEventBuilder.bytes(request, found.route(), found.pathParameters(), requestId, Instant.now());
        if (event.length > Frames.MAX_PAYLOAD) {
            return Problems.tooLarge(); // the body fit, but the whole event (headers, base64) did not
        }
        ApiResponse response;
        try {
            Invocation result = runner.invoke(found.route().functionId(), event);
            handlerNanos[0] = result.handlerNanos();
            if (result.functionError()) {
                Log.warn(found.route().functionId() + " failed: " + ErrorDocument.type(result.payload()));
                response = Problems.functionFailed();
            } else if (result.payload().length > Frames.MAX_PAYLOAD) {
                response = Problems.badGateway("the function's response is larger than Lambda's 6 MiB limit");
            } else {
                response = ApiResponse.fromFunction(result.payload());
            }
        } catch (WorkerException e) {
            Log.warn(e.getMessage());
            response = switch (e.kind()) {
                case TIMEOUT -> Problems.timeout();
                case BUSY -> Problems.unavailable("all workers of the function are busy");
                default -> Problems.badGateway("the function could not be invoked; see the runner log");
            };
        } catch (IOException unreadable) {
            response = Problems.badGateway("the function returned a response API Gateway could not read");
        }
        response.headers().putIfAbsent("apigw-requestid", List.of(requestId));
        return response;
    }

    /**
     * @return the body, or null when it exceeds Lambda's payload limit. An oversized body is still read (and
     * dropped, up to {@link #DRAIN_LIMIT}) so the client, still sending, reads the 413 instead of a reset.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(Frames.MAX_PAYLOAD + 1);
            if (body.length <= Frames.MAX_PAYLOAD) {
                return body;
            }
            long dropped = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int n; dropped < DRAIN_LIMIT && (n = in.read(buffer)) > 0; ) {
                dropped += n;
            }
            return null;
        }
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("content-length") && !header.getKey().equalsIgnoreCase("transfer-encoding")) {
                exchange.getResponseHeaders().put(header.getKey(), header.getValue());
            }
        }
        byte[] body = response.body();
        boolean noBody = body.length == 0 || response.status() == 204 || response.status() == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }
}
