package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.local.template.FunctionDef;
import io.agentsafety.local.template.RouteTable;
import io.agentsafety.local.template.SamTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The template's functions run from their built (slimmed) jars in worker JVMs, each with the environment the template
 * gives it plus settings a deployment supplies otherwise (the Redis endpoint and password, the E2B key, cluster mode,
 * JVM options): the production-only paths that the runner's defaults (one plain embedded Redis, the local sandbox
 * backend) never take. Closing it stops every worker it started.
 */
final class SlimJarFunctions implements AutoCloseable {

    private final SamTemplate template;
    private final Map<String, String> settings;
    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();

    /** @param settings variables every function started here gets on top of its template environment */
    SlimJarFunctions(Map<String, String> settings) throws IOException {
        this.template = SamTemplate.load(PolicyCheckApiIT.TEMPLATE, "us-east-1", Log::warn);
        this.settings = Map.copyOf(settings);
    }

    /** One request through API Gateway's HTTP API v2 event to the function the template routes it to. */
    ApiResponse api(String method, String pathAndQuery, String json) throws Exception {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : null;
        RouteTable.Found found = (RouteTable.Found) template.routes().lookup(method, path);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("localhost"));
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            headers.put("content-type", List.of("application/json"));
        }
        HttpRequestData request = new HttpRequestData(method, path, query, headers, body, "127.0.0.1", "localhost");
        byte[] event = HttpTestClient.JSON.writeValueAsBytes(
            ApiEventBuilder.build(request, found.route(), found.pathParameters(), UUID.randomUUID().toString(), Instant.now()));
        Invocation invocation = pool(found.route().functionId()).invoke(event);
        if (invocation.functionError()) {
            throw new AssertionError(found.route().functionId() + " failed: " + new String(invocation.payload(), StandardCharsets.UTF_8));
        }
        return ApiResponse.fromFunction(invocation.payload());
    }

    /** A direct invoke (the state machine's and the template's non-HTTP callers). */
    Invocation invoke(String logicalId, String json) throws Exception {
        return pool(logicalId).invoke(json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(ApiResponse response) throws IOException {
        return HttpTestClient.JSON.readTree(response.body());
    }

    static String text(ApiResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private synchronized FunctionPool pool(String logicalId) {
        return pools.computeIfAbsent(logicalId, id -> {
            FunctionDef function = template.functions().get(id);
            Map<String, String> env = new LinkedHashMap<>(FunctionEnvironment.of(function, PolicyCheckApiIT.cleanShell(),
                EnvVarsFile.none(), null, "us-east-1"));
            settings.forEach((name, value) -> env.merge(name, value,
                // JVM options add to the template's (JAVA_TOOL_OPTIONS: C1 only), as an operator's would
                (template, extra) -> name.equals("JAVA_TOOL_OPTIONS") ? template + " " + extra : extra));
            return new FunctionPool(function, () -> env, new WorkerOptions(128, 1, Duration.ofSeconds(90)));
        });
    }

    @Override
    public synchronized void close() {
        pools.values().forEach(FunctionPool::close);
        pools.clear();
    }
}
