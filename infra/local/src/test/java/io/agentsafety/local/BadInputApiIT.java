package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsafety.local.template.Route;
import io.agentsafety.local.template.SamTemplate;
import io.agentsafety.testing.PlantedSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, "Bad input": every HttpApi route of infra/template.yaml (read from the template, so a new route fails
 * here until it has a {@link Spec}) served by the runner from the real function jars over real HTTP, with a table
 * of bad requests per route. Each answer must be a 4xx {@code application/problem+json} with type/title/status,
 * naming the bad field where there is one, with no stack trace and without the planted {@code ghp_} secret; and
 * the Redis fingerprint (every key, its TYPE and a hash of its DUMP) must be identical before and after each one:
 * a rejected request changes no budget, approval or audit state. Writes the per-route counts to
 * {@code docs/reliability/bad-input.md}.
 */
class BadInputApiIT {

    static final String SECRET = PlantedSecrets.GITHUB_PAT.text(); // ghp_ + 36
    static final String NO_APPROVAL = "apr_" + "0".repeat(26);    // well formed, never issued
    static final Pattern STACK_TRACE = Pattern.compile("Exception|Error:|\\bat [a-z]+\\.[a-zA-Z.$]+\\(|\\.java:\\d|java\\.lang");
    /** Ids that must be refused wherever an id is taken (body, query or, percent-encoded, path). */
    static final List<String> BAD_IDS = List.of("a/b", "..", "r".repeat(300), "run\u0001x", SECRET + "/x", "run-\u0441", "");

    static LocalRunner runner;
    static ApiServer server;
    static HttpTestClient http;
    static RedisFingerprint redis;
    static String run;
    static String reservation;
    static String approval;

    /**
     * What a route documents: a valid body ({@code {RUN}}, {@code {RSV}} are the planted budget and reservation),
     * more fields it takes (for the wrong-type cases), the required fields, the id fields, the string fields with
     * a documented bound (1 MB and NUL cases) and the query parameters of a GET. {@code moreFields} entries
     * {@code a>b} mean "a instead of b" (fields of which exactly one is given).
     */
    record Spec(String body, List<String> moreFields, Set<String> required, Set<String> ids, Set<String> bounded,
                Map<String, String> badQueries) {
        static Spec get(Map<String, String> badQueries) {
            return new Spec(null, List.of(), Set.of(), Set.of(), Set.of(), badQueries);
        }
    }

    static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        String s = "/api/v1/safety";
        SPECS.put("POST " + s + "/check", new Spec("{\"action_type\":\"execute_code\",\"params\":{\"command\":\"ls\"},\"run_id\":\"{RUN}\","
            + "\"actor\":\"agent-7\",\"metadata\":{\"k\":\"v\"},\"approval_id\":\"" + NO_APPROVAL + "\"}", List.of("task_token"),
            Set.of("action_type"), Set.of("run_id", "approval_id"), Set.of("action_type", "run_id", "approval_id", "actor"), Map.of()));
        SPECS.put("GET " + s + "/policy", Spec.get(Map.of()));
        SPECS.put("POST " + s + "/budget/create", new Spec("{\"run_id\":\"{NEW}\",\"limit\":\"10.00\",\"currency\":\"USD\",\"ttl_seconds\":3600,"
            + "\"thresholds\":[0.5],\"metadata\":{\"team\":\"x\"}}", List.of(), Set.of("run_id", "limit"), Set.of("run_id"),
            Set.of("run_id", "limit", "currency"), Map.of()));
        SPECS.put("POST " + s + "/budget/spend", new Spec("{\"run_id\":\"{RUN}\",\"amount\":\"0.01\",\"idempotency_key\":\"k-unused\","
            + "\"description\":\"d\",\"enforce\":true}", List.of(), Set.of("run_id", "amount"), Set.of("run_id"),
            Set.of("run_id", "amount", "idempotency_key", "description"), Map.of()));
        SPECS.put("GET " + s + "/budget/{run_id}", Spec.get(Map.of()));
        SPECS.put("POST " + s + "/budget/can-spend", new Spec("{\"run_id\":\"{RUN}\",\"amount\":\"0.01\"}", List.of(),
            Set.of("run_id", "amount"), Set.of("run_id"), Set.of("run_id", "amount"), Map.of()));
        SPECS.put("DELETE " + s + "/budget/{run_id}", Spec.get(Map.of()));
        SPECS.put("POST " + s + "/budget/reserve", new Spec("{\"run_id\":\"{RUN}\",\"amount\":\"0.01\",\"ttl_seconds\":60,"
            + "\"idempotency_key\":\"k-2\"}", List.of(), Set.of("run_id", "amount"), Set.of("run_id"),
            Set.of("run_id", "amount", "idempotency_key"), Map.of()));
        SPECS.put("POST " + s + "/budget/commit", new Spec("{\"reservation_id\":\"{RSV}\",\"actual_amount\":\"0.01\",\"allow_overrun\":false}",
            List.of(), Set.of("reservation_id", "actual_amount"), Set.of("reservation_id"), Set.of("reservation_id", "actual_amount"), Map.of()));
        SPECS.put("POST " + s + "/budget/release", new Spec("{\"reservation_id\":\"{RSV}\"}", List.of(), Set.of("reservation_id"),
            Set.of("reservation_id"), Set.of("reservation_id"), Map.of()));
        SPECS.put("PATCH " + s + "/budget/{run_id}", new Spec("{\"limit\":\"20\",\"circuit_open\":false}", List.of(), Set.of(), Set.of(),
            Set.of("limit"), Map.of()));
        SPECS.put("POST " + s + "/redact", new Spec("{\"text\":\"hello\",\"extra_secrets\":[\"hunter2hunter2\"],\"env\":{\"K\":\"v\"}}",
            List.of("kinds", "custom_patterns"), Set.of("text"), Set.of(), Set.of(), Map.of()));
        SPECS.put("POST " + s + "/sandbox/exec", new Spec("{\"run_id\":\"{RUN}\",\"command\":\"echo hi\",\"timeout_ms\":1000,\"env\":{\"A\":\"b\"},"
            + "\"actor\":\"agent-7\",\"stop_on_error\":true,\"approval_ids\":[\"" + NO_APPROVAL + "\"]}",
            List.of("commands>command", "files", "packages", "template", "estimated_cost"), Set.of("run_id"), Set.of("run_id", "approval_ids"),
            Set.of("run_id", "actor"), Map.of()));
        SPECS.put("GET " + s + "/sandbox/health", Spec.get(Map.of()));
        SPECS.put("GET " + s + "/approvals/{id}", Spec.get(Map.of()));
        SPECS.put("GET " + s + "/approvals", Spec.get(Map.of("status", "bogus", "limit", "abc", "cursor", "not-a-cursor")));
        SPECS.put("POST " + s + "/approvals/{id}/approve", new Spec("{\"approver\":\"alice\",\"comment\":\"ok\"}", List.of(), Set.of("approver"),
            Set.of(), Set.of("approver", "comment"), Map.of()));
        SPECS.put("POST " + s + "/approvals/{id}/deny", new Spec("{\"approver\":\"alice\",\"comment\":\"no\"}", List.of(), Set.of("approver"),
            Set.of(), Set.of("approver", "comment"), Map.of()));
        SPECS.put("GET " + s + "/audit", Spec.get(Map.of("type", "bogus", "verdict", "no such verdict", "since", "yesterday",
            "limit", "abc", "cursor", "not-a-cursor")));
        SPECS.put("GET " + s + "/budgets", Spec.get(Map.of("limit", "0", "cursor", "not-a-cursor", "breaker", "half", "offset", "10")));
        // the console's static files: a name outside the bundled list (or a traversal) is a 404 that echoes nothing
        SPECS.put("GET /console", Spec.get(Map.of()));
        SPECS.put("GET /console/{asset}", Spec.get(Map.of()));
    }

    /** More bad values of one query parameter than {@link Spec#badQueries} holds: route → {parameter, value}. */
    static final Map<String, List<String[]>> MORE_BAD_QUERIES = Map.of(
        "GET /api/v1/safety/budgets", List.of(new String[]{"limit", "201"}, new String[]{"limit", "-1"}, new String[]{"limit", "x"},
            new String[]{"limit", "1.5"}, new String[]{"cursor", "MTI6cnVu="}, new String[]{"cursor", "LTE6cnVu"}));

    /** NUL characters in nested or content fields, which a shell or a C consumer would cut: route → {body, field}. */
    static final Map<String, List<String[]>> NUL_IN_CONTENT = Map.of(
        "POST /api/v1/safety/check", List.of(
            new String[]{"{\"action_type\":\"execute_code\",\"params\":{\"command\":\"ls\\u0000; rm -rf /\"}}", "params.command"},
            new String[]{"{\"action_type\":\"network_access\",\"params\":{\"url\":\"https://example.com\\u0000.evil.example/\"}}", "params.url"}),
        "POST /api/v1/safety/sandbox/exec", List.of(
            new String[]{"{\"run_id\":\"{RUN}\",\"command\":\"echo hi\\u0000\"}", "command"},
            new String[]{"{\"run_id\":\"{RUN}\",\"command\":\"echo hi\",\"env\":{\"A\":\"b\\u0000c\"}}", "env"}));

    /** One bad request and what must come back: {@code status} 0 = any 4xx; {@code field} null = no field to name. */
    record Case(String kind, String method, String path, byte[] body, String contentType, int status, String field) {
    }

    final List<String> failures = new ArrayList<>();
    static final Map<String, Map<String, Integer>> counts = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        runner = SharedLocalRunner.runner();
        // the runner is shared with the module's other ITs: start from an empty Redis, so that nothing they left
        // (a reservation expiring, say) changes the fingerprint while a case runs
        SharedLocalRunner.flushRedis();
        server = SharedLocalRunner.server();
        http = new HttpTestClient(server.port());
        redis = new RedisFingerprint(runner.redisUri());
        // State a rejected request could touch: a budget with a spend, an open reservation, a pending approval, audit entries.
        run = "bi-" + UUID.randomUUID();
        ok(json("POST", "/api/v1/safety/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"10\",\"metadata\":{\"team\":\"bi\"}}"), 201);
        ok(json("POST", "/api/v1/safety/budget/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"0.5\",\"idempotency_key\":\"k-1\"}"), 200);
        reservation = ok(json("POST", "/api/v1/safety/budget/reserve", "{\"run_id\":\"" + run + "\",\"amount\":\"0.2\"}"), 201)
            .get("reservation_id").asText();
        JsonNode decision = ok(json("POST", "/api/v1/safety/check", "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"production\","
            + "\"target\":\"billing-api\"},\"run_id\":\"" + run + "\"}"), 200);
        approval = decision.get("approval_id").asText();
        assertEquals("require_approval", decision.get("verdict").asText(), decision.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (!counts.isEmpty()) {
            writeReport();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void everyRouteRejectsBadInputCleanlyAndChangesNothing() throws Exception {
        List<Route> routes = SamTemplate.load(PolicyCheckApiIT.TEMPLATE, "us-east-1", warning -> { }).routes().routes();
        assertTrue(routes.size() >= 19, "every HTTP route of the template: " + routes);
        Map<String, String> stable = redis.take(Set.of());
        Thread.sleep(200);
        assertEquals(stable, redis.take(Set.of()), "Redis is quiet between requests (else the fingerprint cannot decide)");
        assertTrue(stable.size() >= 5, "the planted state is there: " + stable.keySet());
        for (Route route : routes) {
            Spec spec = SPECS.get(route.routeKey());
            if (spec == null) {
                failures.add(route.routeKey() + ": a new route without a bad-input Spec in BadInputApiIT");
                continue;
            }
            for (Case c : cases(route, spec)) {
                check(route.routeKey(), c);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures.subList(0, Math.min(80, failures.size()))));
    }


    /**
     * Unicode look-alikes (fullwidth, Cyrillic, circled digits, other slashes and dashes) in commands, URLs, hosts
     * and paths on {@code /check}: wherever the ASCII form is not allowed, the look-alike is not allowed either
     * (a 4xx or a deny / require_approval verdict).
     */
    @Test
    void confusablesAreNeverLaxerThanAscii() throws Exception {
        String[][] pairs = {
            {"execute_code", "command", "rm -rf /", "r\uFF4D -rf /"},
            {"execute_code", "command", "rm -rf /", "rm -rf \uFF0F"},
            {"execute_code", "command", "rm -rf /", "rm \u2010rf /"},
            {"execute_code", "command", "rm -rf ~", "rm -rf \uFF5E"},
            {"execute_code", "command", "sudo rm -rf / --no-preserve-root", "\u0455udo rm -rf / --no-preserve-root"},
            {"execute_code", "command", "shutdown -h now", "\u0455hutdown -h now"},
            {"execute_code", "command", "curl http://169.254.169.254/latest/meta-data",
                "curl http://\uFF11\uFF16\uFF19.\uFF12\uFF15\uFF14.\uFF11\uFF16\uFF19.\uFF12\uFF15\uFF14/latest/meta-data"},
            {"execute_code", "command", "curl http://localhost:8080/admin", "curl http://l\u043Ecalhost:8080/admin"},
            {"network_access", "url", "http://169.254.169.254/latest/meta-data",
                "http://\uFF11\uFF16\uFF19\uFF0E\uFF12\uFF15\uFF14\uFF0E\uFF11\uFF16\uFF19\uFF0E\uFF12\uFF15\uFF14/latest/meta-data"},
            {"network_access", "url", "http://localhost/", "http://l\u043Ecalhost/"},
            {"network_access", "url", "http://127.0.0.1/", "http://\u2460\u2461\u2466.0.0.1/"},
            {"network_access", "host", "metadata.google.internal", "metadata.g\u043E\u043Egle.internal"},
            {"deploy", "environment", "production", "pr\u043Eduction"},
            {"deploy", "environment", "production", "\uFF50\uFF52\uFF4F\uFF44\uFF55\uFF43\uFF54\uFF49\uFF4F\uFF4E"},
        };
        List<String> laxer = new ArrayList<>();
        int cases = 0;
        for (String[] pair : pairs) {
            String ascii = verdict(pair[0], pair[1], pair[2]);
            assertTrue(!ascii.equals("allow"), "the ASCII form must be refused for the pair to mean anything: " + pair[2]);
            String lookalike = verdict(pair[0], pair[1], pair[3]);
            cases++;
            if (lookalike.equals("allow")) {
                laxer.add(pair[0] + " " + pair[1] + "=" + pair[3] + " is allowed, " + pair[2] + " is " + ascii);
            }
        }
        for (String host : List.of("l\u043Ecalhost", "\uFF4C\uFF4F\uFF43\uFF41\uFF4C\uFF48\uFF4F\uFF53\uFF54", "169.254.169.254\u3002")) {
            cases++;
            String v = verdict("network_access", "host", host);
            if (v.equals("allow")) {
                laxer.add("network_access host=" + host + " is allowed");
            }
        }
        counts.computeIfAbsent("POST /api/v1/safety/check", k -> new TreeMap<>()).merge("confusable", cases, Integer::sum);
        assertTrue(laxer.isEmpty(), String.join("\n", laxer));
    }

    /** The verdict of one action (the value is a JSON string literal body, escapes kept); a 4xx counts as "refused". */
    static String verdict(String action, String param, String jsonString) throws Exception {
        HttpResponse<byte[]> response = json("POST", "/api/v1/safety/check",
            "{\"action_type\":\"" + action + "\",\"params\":{\"" + param + "\":\"" + jsonString + "\"}}");
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(response.statusCode() == 200 || (response.statusCode() >= 400 && response.statusCode() < 500), text);
        return response.statusCode() == 200 ? HttpTestClient.json(response).get("verdict").asText() : "refused " + response.statusCode();
    }

    // ---- the table ----------------------------------------------------------------------------------------------

    static List<Case> cases(Route route, Spec spec) throws Exception {
        List<Case> out = new ArrayList<>();
        String method = route.method();
        String path = concrete(route.path());
        // protocol: wrong method (405 with Allow), unknown path (404)
        out.add(new Case("wrong method", "PUT", path, null, null, 405, null));
        out.add(new Case("wrong method", "TRACE", path, null, null, 405, null));
        out.add(new Case("unknown path", method, path + "/zz-unknown", null, null, 404, null));
        out.add(new Case("unknown path", method, path + "/" + SECRET, null, null, 404, null));
        // ids in the path, percent-encoded
        for (String param : pathParams(route.path())) {
            // approval ids are issued by the service and console files are a fixed list: a malformed one is unknown
            boolean approvalId = param.equals("id") || param.equals("asset");
            for (String bad : BAD_IDS) {
                if (bad.isEmpty()) {
                    continue; // an empty segment is another path: covered by the unknown-path cases
                }
                String p = concrete(route.path().replace("{" + param + "}", encode(bad)));
                byte[] body = spec.body() == null ? null : bytes(fill(spec.body()));
                // approval ids are issued by the service: a malformed one is an unknown approval (404, not echoed)
                out.add(new Case("path id", method, p, body, body == null ? null : "application/json",
                    approvalId ? 404 : 400, approvalId ? null : "run_id"));
            }
        }
        for (Map.Entry<String, String> q : spec.badQueries().entrySet()) {
            out.add(new Case("query", method, path + "?" + q.getKey() + "=" + encode(q.getValue()), null, null, 400, q.getKey()));
        }
        for (String[] q : MORE_BAD_QUERIES.getOrDefault(method + " " + route.path(), List.of())) {
            out.add(new Case("query", method, path + "?" + q[0] + "=" + encode(q[1]), null, null, 400, q[0]));
        }
        if (!spec.badQueries().isEmpty()) {
            out.add(new Case("query", method, path + "?" + encode(SECRET) + "=1", null, null, 400, null));
            for (String bad : BAD_IDS) {
                out.add(new Case("query id", method, path + "?run_id=" + encode(bad), null, null, 400, "run_id"));
            }
        }
        if (spec.body() == null) {
            return out;
        }
        String json = "application/json";
        byte[] valid = bytes(fill(spec.body()));
        // transport: content type
        out.add(new Case("content type", method, path, valid, "text/plain", 415, null));
        out.add(new Case("content type", method, path, valid, null, 415, null));
        out.add(new Case("content type", method, path, valid, "application/x-www-form-urlencoded", 415, null));
        out.add(new Case("content type", method, path, valid, "application/json; charset=iso-8859-1", 415, null));
        // shape of the body
        out.add(new Case("empty body", method, path, new byte[0], json, 400, null));
        out.add(new Case("non-JSON", method, path, bytes("not json " + SECRET), json, 400, null));
        out.add(new Case("non-JSON", method, path, bytes("{\"run_id\": " + SECRET), json, 400, null));
        for (String top : List.of("[]", "\"" + SECRET + "\"", "null", "42", "true")) {
            out.add(new Case("top-level type", method, path, bytes(top), json, 400, null));
        }
        out.add(new Case("nested 10000", method, path, bytes("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"), json, 400, null));
        out.add(new Case("nested 10000", method, path, bytes("{\"a\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}"), json, 400, null));
        out.add(new Case("7 MB body", method, path, sevenMegabytes(), json, 413, null));
        out.add(new Case("invalid UTF-8", method, path, rawInString(new byte[]{(byte) 0xC3, 0x28}), json, 400, null));
        out.add(new Case("invalid UTF-8", method, path, rawInString(new byte[]{(byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80}), json, 400, null));
        out.add(new Case("raw NUL byte", method, path, rawInString(new byte[]{'x', 0, 'y'}), json, 400, null));
        ObjectNode base = (ObjectNode) HttpTestClient.JSON.readTree(fill(spec.body()));
        // unknown fields (a secret as key and as value)
        out.add(new Case("unknown field", method, path, with(base, "zz_unknown", "\"" + SECRET + "\""), json, 400, "zz_unknown"));
        out.add(new Case("unknown field", method, path, with(base, SECRET, "1"), json, 400, "[REDACTED"));
        // wrong type at each documented field
        List<String> fields = new ArrayList<>();
        base.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            JsonNode value = base.get(field);
            String wrong = value.isContainerNode() || value.isBoolean() ? "\"" + SECRET + "\"" : "[\"" + SECRET + "\"]";
            out.add(new Case("wrong type", method, path, with(base, field, wrong), json, 400, field));
            if (!value.isObject()) {
                out.add(new Case("wrong type", method, path, with(base, field, "{\"" + SECRET + "\":\"" + SECRET + "\"}"), json, 400, field));
            }
        }
        for (String more : spec.moreFields()) {
            String[] field = more.split(">"); // "commands>command": commands instead of command (one of the two is given)
            ObjectNode other = base.deepCopy();
            if (field.length > 1) {
                other.remove(field[1]);
            }
            out.add(new Case("wrong type", method, path, with(other, field[0], "{\"" + SECRET + "\":12345}"), json, 400, field[0]));
        }
        for (String field : spec.required()) {
            ObjectNode missing = base.deepCopy();
            missing.remove(field);
            out.add(new Case("missing field", method, path, HttpTestClient.JSON.writeValueAsBytes(missing), json, 400, field));
            out.add(new Case("null field", method, path, with(base, field, "null"), json, 400, field));
        }
        for (String field : spec.bounded()) {
            String huge = HttpTestClient.JSON.writeValueAsString(SECRET + "a".repeat(1 << 20));
            String nul = HttpTestClient.JSON.writeValueAsString("ok\u0000" + SECRET);
            boolean array = base.get(field).isArray();
            out.add(new Case("1 MB string", method, path, with(base, field, array ? "[" + huge + "]" : huge), json, 0, field));
            out.add(new Case("NUL in string", method, path, with(base, field, array ? "[" + nul + "]" : nul), json, 400, field));
        }
        for (String[] nul : NUL_IN_CONTENT.getOrDefault(route.routeKey(), List.of())) {
            out.add(new Case("NUL in string", method, path, bytes(fill(nul[0])), json, 400, nul[1]));
        }
        for (String field : spec.ids()) {
            boolean array = base.get(field).isArray();
            for (String bad : BAD_IDS) {
                String value = field.equals("reservation_id") ? "rsv_" + "0".repeat(20) + "_" + bad : bad;
                String quoted = HttpTestClient.JSON.writeValueAsString(value);
                out.add(new Case("id", method, path, with(base, field, array ? "[" + quoted + "]" : quoted), json, 400, field));
            }
        }
        // a body on the action routes also goes through the path's ids: the PATCH with a bad run id is above
        return out;
    }

    // ---- one case -----------------------------------------------------------------------------------------------

    void check(String routeKey, Case c) throws Exception {
        counts.computeIfAbsent(routeKey, k -> new TreeMap<>()).merge(c.kind(), 1, Integer::sum);
        String where = routeKey + " [" + c.kind() + "] " + c.method() + " " + cut(c.path()) + " " + cut(c.body() == null ? "" : new String(c.body(), StandardCharsets.UTF_8));
        Map<String, String> before = redis.take(Set.of());
        HttpResponse<byte[]> response = c.contentType() == null
            ? http.send(c.method(), c.path(), c.body())
            : http.send(c.method(), c.path(), c.body(), "Content-Type", c.contentType());
        Map<String, String> after = redis.take(Set.of());
        String text = new String(response.body(), StandardCharsets.UTF_8);
        int status = response.statusCode();
        if (status < 400 || status >= 500 || (c.status() != 0 && status != c.status())) {
            failures.add(where + " → " + status + " (expected " + (c.status() == 0 ? "4xx" : c.status()) + "): " + cut(text));
        }
        if (!before.equals(after)) {
            failures.add(where + " → " + status + " changed Redis: " + diff(before, after));
        }
        if (!"application/problem+json".equals(response.headers().firstValue("content-type").orElse(null))) {
            failures.add(where + " → content type " + response.headers().firstValue("content-type").orElse("none"));
        }
        if (STACK_TRACE.matcher(text).find()) {
            failures.add(where + " → looks like a stack trace: " + cut(text));
        }
        try {
            PlantedSecrets.assertAbsent(PlantedSecrets.GITHUB_PAT, text, "body");
            PlantedSecrets.assertAbsent(PlantedSecrets.GITHUB_PAT, response.headers().map().toString(), "headers");
        } catch (AssertionError e) {
            failures.add(where + " → echoed the planted secret: " + e.getMessage());
        }
        if (status == 405 && !response.headers().firstValue("allow").orElse("").contains(routeKey.substring(0, routeKey.indexOf(' ')))) {
            failures.add(where + " → 405 without the route's method in Allow: " + response.headers().map());
        }
        JsonNode problem;
        try {
            problem = HttpTestClient.JSON.readTree(response.body());
        } catch (Exception e) {
            failures.add(where + " → not JSON: " + cut(text));
            return;
        }
        if (!problem.path("type").isTextual() || !problem.path("title").isTextual() || problem.path("status").asInt() != status) {
            failures.add(where + " → not a problem document (type/title/status): " + cut(text));
        }
        if (c.field() != null) {
            boolean named = false;
            for (JsonNode error : problem.path("errors")) {
                String field = error.path("field").asText();
                named |= field.equals(c.field()) || field.startsWith(c.field() + ".") || field.startsWith(c.field() + "[")
                    || (c.field().startsWith("[REDACTED") && field.startsWith("[REDACTED"));
            }
            if (!named) {
                failures.add(where + " → " + status + " does not name " + c.field() + ": " + cut(text));
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static String concrete(String template) {
        return template.replace("{run_id}", run).replace("{id}", approval).replace("{asset}", "app.js");
    }

    static List<String> pathParams(String template) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String fill(String body) {
        return body.replace("{RUN}", run).replace("{RSV}", reservation).replace("{NEW}", "bi-new-" + UUID.randomUUID());
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c)); // '.' too, so ".." reaches the route instead of the client's normalizer
            }
        }
        return out.toString();
    }

    static byte[] with(ObjectNode base, String field, String rawJson) throws Exception {
        ObjectNode copy = base.deepCopy();
        copy.set(field, HttpTestClient.JSON.readTree(rawJson));
        return HttpTestClient.JSON.writeValueAsBytes(copy);
    }

    /** {@code {"x":"<raw bytes>"}}: bytes no JSON writer would produce. */
    static byte[] rawInString(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("{\"x\":\"" + SECRET));
        out.writeBytes(raw);
        out.writeBytes(bytes("\"}"));
        return out.toByteArray();
    }

    static byte[] sevenMegabytes() {
        return bytes("{\"run_id\":\"" + SECRET + "a".repeat(7 << 20) + "\"}");
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String cut(String text) {
        String oneLine = text.replaceAll("[\\p{Cntrl}]", "·");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "…(" + oneLine.length() + ")";
    }

    static String diff(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                out.add("-" + key);
            } else if (!after.get(key).equals(before.get(key))) {
                out.add("~" + key);
            }
        }
        for (String key : after.keySet()) {
            if (!before.containsKey(key)) {
                out.add("+" + key);
            }
        }
        return out.toString();
    }

    static HttpResponse<byte[]> json(String method, String path, String body) throws Exception {
        return http.send(method, path, bytes(body), "Content-Type", "application/json");
    }

    static JsonNode ok(HttpResponse<byte[]> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return HttpTestClient.json(response);
    }

    static void writeReport() throws Exception {
        StringBuilder table = new StringBuilder();
        int total = 0;
        for (Map.Entry<String, Map<String, Integer>> route : counts.entrySet()) {
            int sum = route.getValue().values().stream().mapToInt(Integer::intValue).sum();
            total += sum;
            StringBuilder kinds = new StringBuilder();
            for (Iterator<Map.Entry<String, Integer>> it = route.getValue().entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Integer> k = it.next();
                kinds.append(k.getKey()).append(' ').append(k.getValue()).append(it.hasNext() ? ", " : "");
            }
            table.append("| `").append(route.getKey()).append("` | ").append(sum).append(" | ").append(kinds).append(" |\n");
        }
        table.append("| **all ").append(counts.size()).append(" routes** | **").append(total).append("** | |\n");
        System.out.println("bad-input cases per route:\n" + table);
        Path report = PolicyCheckApiIT.TEMPLATE.getParent().getParent().resolve("docs/reliability/bad-input.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, REPORT_HEAD + table + REPORT_TAIL);
    }

    static final String REPORT_HEAD = """
        # Bad input: every route, table-driven (issue 16)

        Generated by `infra/local/src/test/java/io/agentsafety/local/BadInputApiIT.java` (do not edit by hand):
        ```bash
        ./mvnw -B -ntp -DskipTests package        # the function jars
        ./mvnw -B -ntp -pl infra/local -am verify -Dtest=BadInputApiIT -Dsurefire.failIfNoSpecifiedTests=false
        ```

        ## Method
        The local runner serves `infra/template.yaml` from the real function jars over real HTTP with its embedded Redis.
        The routes are read from the template; a route without a table of cases fails the test. Before the cases, a
        budget with a spend, an open reservation, a pending approval and their audit entries are created. For each
        case the test takes a fingerprint of Redis over a raw RESP socket (every key: `TYPE` and SHA-256 of `DUMP`),
        sends the request, takes it again, and requires:
        * a 4xx (the exact status where one is documented: 400, 404, 405 with `Allow` naming the route's method,
          413, 415), never a 500;
        * `application/problem+json` with `type`, `title` and `status` equal to the HTTP status, and the bad field
          named in `errors[].field` where there is one (a secret-shaped key is named redacted);
        * no stack trace, and the planted `ghp_…` secret (in keys, values, paths and query strings) nowhere in the
          body or headers;
        * the Redis fingerprint unchanged: no budget, approval or audit state changes on a rejected request
          (no key is excluded: the service does not record rejected requests in the audit stream).

        Cases: wrong method (PUT, TRACE), unknown path (incl. a secret segment); ids in the path, percent-encoded
        (`a/b`, `..`, 300 characters, `\\u0001`, a secret + `/x`, a Cyrillic letter); bad query parameters and ids
        in `run_id`; for routes with a body: wrong content type (none, `text/plain`, a form, another charset), empty
        body, non-JSON, every non-object top level, arrays and objects nested 10 000 levels, a 7 MB body, invalid
        UTF-8, a raw NUL byte, an unknown field (plain and a secret as key), the wrong JSON type at every documented
        top-level field, each required field missing or null, a 1 MB string and a NUL character in every bounded
        string field, and the bad ids in every id field (`run_id`, `approval_id`, `approval_ids[n]`, the run id inside
        a `reservation_id`). The id grammar is README.md, "Three rules hold for every route".
        Unicode confusables in commands and hosts on `/check` are `BadInputApiIT#confusablesAreNeverLaxerThanAscii`.

        ## Cases per route

        | route | cases | by kind |
        |---|---|---|
        """;
    static final String REPORT_TAIL = "";
}
