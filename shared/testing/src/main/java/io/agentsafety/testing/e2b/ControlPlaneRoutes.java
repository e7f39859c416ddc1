package io.agentsafety.testing.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.agentsafety.testing.e2b.StandInHttp.JSON;
import static io.agentsafety.testing.e2b.StandInHttp.error;

/** The control plane of §9.1: create (v1, v2), get, list, kill, timeout, connect. */
final class ControlPlaneRoutes {

    private static final Pattern ONE = Pattern.compile("^/sandboxes/([^/]+)$");
    private static final Pattern TIMEOUT = Pattern.compile("^/sandboxes/([^/]+)/timeout$");
    private static final Pattern CONNECT = Pattern.compile("^(?:/v2)?/sandboxes/([^/]+)/connect$");

    private final E2bStandIn standIn;

    ControlPlaneRoutes(E2bStandIn standIn) {
        this.standIn = standIn;
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        String key = StandInHttp.header(exchange, "X-API-Key");
        if (key == null || !key.startsWith("e2b_") || !standIn.apiKeys.contains(key)) {
            error(exchange, 401, "Invalid API key, please visit https://e2b.dev/docs/api-key for more information.");
            return;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Matcher m;
        if (method.equals("POST") && (path.equals("/v2/sandboxes") || path.equals("/sandboxes"))) {
            create(exchange, body, path.equals("/v2/sandboxes"));
        } else if (method.equals("GET") && path.equals("/v2/sandboxes")) {
            list(exchange);
        } else if ((m = ONE.matcher(path)).matches() && method.equals("GET")) {
            get(exchange, m.group(1));
        } else if (m.matches() && method.equals("DELETE")) {
            kill(exchange, m.group(1));
        } else if ((m = TIMEOUT.matcher(path)).matches() && method.equals("POST")) {
            setTimeout(exchange, m.group(1), body);
        } else if ((m = CONNECT.matcher(path)).matches() && method.equals("POST")) {
            connect(exchange, m.group(1), body);
        } else {
            error(exchange, 404, "Not found");
        }
    }

    private void create(HttpExchange exchange, byte[] body, boolean v2) throws IOException {
        Faults faults = standIn.faults();
        if (Faults.take(faults.rateLimitedCreates)) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(faults.retryAfterSeconds));
            exchange.getResponseHeaders().set("RateLimit-Limit", "5");
            exchange.getResponseHeaders().set("RateLimit-Remaining", "0");
            error(exchange, 429, "Rate limit exceeded");
            return;
        }
        if (Faults.take(faults.concurrencyLimitedCreates)) {
            error(exchange, 429, "you have reached the maximum number of concurrent E2B sandboxes (20)");
            return;
        }
        if (Faults.take(faults.busyCreates)) {
            error(exchange, 503, "No capacity available, please try again later");
            return;
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            error(exchange, 400, "request body has an error: failed to decode request body");
            return;
        }
        if (request == null || !request.path("templateID").isTextual() || request.path("templateID").asText().isEmpty()) {
            error(exchange, 400, "request body has an error: doesn't match schema: property \"templateID\" is missing");
            return;
        }
        long timeout = request.has("timeout") ? request.path("timeout").asLong() : (v2 ? 300 : 15);
        if (timeout <= 0) {
            error(exchange, 400, "Timeout must be greater than 0");
            return;
        }
        if (timeout > 86_400) {
            error(exchange, 400, "Timeout cannot be greater than 24 hours");
            return;
        }
        boolean secure = v2 || request.path("secure").asBoolean(false);
        StandInSandbox sandbox = new StandInSandbox(E2bStandIn.newSandboxId(), secure ? E2bStandIn.newToken() : null,
            request.path("templateID").asText(), strings(request.path("metadata")), strings(request.path("envVars")),
            request, Instant.now().plusSeconds(timeout));
        standIn.sandboxes.put(sandbox.id, sandbox);
        standIn.scheduleExpiry(sandbox);
        StandInHttp.json(exchange, 201, sandboxJson(sandbox));
    }

    private void get(HttpExchange exchange, String id) throws IOException {
        StandInSandbox sandbox = live(exchange, id);
        if (sandbox != null) {
            ObjectNode detail = listed(sandbox);
            if (sandbox.token != null) {
                detail.put("envdAccessToken", sandbox.token);
            }
            detail.set("lifecycle", JSON.createObjectNode().put("autoResume", false).put("onTimeout", "kill"));
            StandInHttp.json(exchange, 200, detail);
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = StandInHttp.query(exchange);
        Map<String, String> filter = metadataFilter(query.getOrDefault("metadata", ""));
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        if (limit < 1 || limit > 100) {
            error(exchange, 400, "limit must be between 1 and 100");
            return;
        }
        List<StandInSandbox> matching = standIn.sandboxes.values().stream()
            .filter(s -> !s.gone)
            .filter(s -> filter.entrySet().stream().allMatch(e -> e.getValue().equals(s.metadata.get(e.getKey()))))
            .sorted(Comparator.comparing((StandInSandbox s) -> s.startedAt).thenComparing(s -> s.id).reversed())
            .toList();
        int from = 0;
        String next = query.get("nextToken");
        if (next != null) {
            from = Integer.parseInt(next);
        }
        int to = Math.min(matching.size(), from + limit);
        ArrayNode page = JSON.createArrayNode();
        for (StandInSandbox sandbox : matching.subList(Math.min(from, to), to)) {
            page.add(listed(sandbox));
        }
        if (to < matching.size()) {
            exchange.getResponseHeaders().set("X-Next-Token", Integer.toString(to));
        }
        exchange.getResponseHeaders().set("X-Total-Running", Integer.toString(matching.size()));
        StandInHttp.json(exchange, 200, page);
    }

    private void kill(HttpExchange exchange, String id) throws IOException {
        StandInSandbox sandbox = live(exchange, id);
        if (sandbox != null) {
            standIn.expire(id);
            StandInHttp.empty(exchange, 204);
        }
    }

    private void setTimeout(HttpExchange exchange, String id, byte[] body) throws IOException {
        StandInSandbox sandbox = live(exchange, id);
        if (sandbox == null) {
            return;
        }
        JsonNode request = JSON.readTree(body);
        if (request == null || !request.path("timeout").canConvertToInt()) {
            error(exchange, 400, "request body has an error: property \"timeout\" is missing");
            return;
        }
        sandbox.endAt = Instant.now().plusSeconds(Math.max(0, request.path("timeout").asInt()));
        standIn.scheduleExpiry(sandbox);
        StandInHttp.empty(exchange, 204);
    }

    private void connect(HttpExchange exchange, String id, byte[] body) throws IOException {
        StandInSandbox sandbox = live(exchange, id);
        if (sandbox == null) {
            return;
        }
        JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        long timeout = request.path("timeout").asLong(300);
        Instant extended = Instant.now().plusSeconds(timeout);
        if (extended.isAfter(sandbox.endAt)) {
            sandbox.endAt = extended;
            standIn.scheduleExpiry(sandbox);
        }
        StandInHttp.json(exchange, 200, sandboxJson(sandbox));
    }

    private StandInSandbox live(HttpExchange exchange, String id) throws IOException {
        StandInSandbox sandbox = standIn.sandboxes.get(id);
        if (sandbox == null || sandbox.gone) {
            error(exchange, 404, "Sandbox \"" + id + "\" doesn't exist or you don't have access to it");
            return null;
        }
        return sandbox;
    }

    private static ObjectNode sandboxJson(StandInSandbox sandbox) {
        ObjectNode json = JSON.createObjectNode();
        json.put("alias", sandbox.templateId);
        json.put("clientID", "6532622b");
        if (sandbox.token != null) {
            json.put("envdAccessToken", sandbox.token);
        }
        json.put("envdVersion", "0.6.13");
        json.put("sandboxID", sandbox.id);
        json.put("templateID", sandbox.templateId);
        return json;
    }

    private static ObjectNode listed(StandInSandbox sandbox) {
        ObjectNode json = JSON.createObjectNode();
        json.put("alias", sandbox.templateId);
        json.put("clientID", "6532622b");
        json.put("cpuCount", 2);
        json.put("diskSizeMB", 10240);
        json.put("endAt", sandbox.endAt.truncatedTo(ChronoUnit.MILLIS).toString());
        json.put("envdVersion", "0.6.13");
        json.put("memoryMB", 512);
        json.set("metadata", JSON.valueToTree(sandbox.metadata));
        json.put("sandboxID", sandbox.id);
        json.put("startedAt", sandbox.startedAt.truncatedTo(ChronoUnit.MILLIS).toString());
        json.put("state", "running");
        json.put("templateID", sandbox.templateId);
        return json;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** {@code metadata} is {@code k=v&k2=v2} with each key and value URL-encoded (the query decoding already undid the outer layer). */
    private static Map<String, String> metadataFilter(String raw) {
        Map<String, String> filter = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return filter;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                filter.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return filter;
    }
}
