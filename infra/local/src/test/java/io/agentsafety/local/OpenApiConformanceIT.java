package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real answers against infra/openapi.yaml, as the runner serves it at {@code GET /openapi.yaml}: every route driven over
 * real HTTP (one runner, the real function jars, embedded Redis, bubblewrap) with a happy request and bad ones; each
 * answer's status must be documented for its operation, its content type documented for that status, and its body
 * valid against the documented schema (JSON Schema 2020-12, refs into the document's components). Fails listing
 * every mismatch.
 */
class OpenApiConformanceIT {

    private static final String BASE = "/api/v1/safety";
    private static final int ANY_DOCUMENTED = -1;

    static HttpTestClient http;
    static JsonNode document;
    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    static final AtomicInteger SCHEMA_IDS = new AtomicInteger();

    private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger checked = new AtomicInteger();

    /** The module's shared runner (SharedLocalRunner): never closed here. */
    @BeforeAll
    static void start() throws Exception {
        http = new HttpTestClient(SharedLocalRunner.server().port());
    }

    @Test
    void theRunnerServesTheCommittedDocument() throws Exception {
        HttpResponse<byte[]> response = http.get("/openapi.yaml");
        assertEquals(200, response.statusCode());
        assertEquals("application/yaml", response.headers().firstValue("content-type").orElse(null));
        assertEquals(Files.readString(PolicyCheckApiIT.TEMPLATE.resolveSibling("openapi.yaml")), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(404, http.send("POST", "/openapi.yaml", new byte[0]).statusCode(), "read only");
    }

    @Test
    void realAnswersConformToTheDocument() throws Exception {
        HttpResponse<byte[]> served = http.get("/openapi.yaml");
        assertEquals(200, served.statusCode());
        document = HttpTestClient.JSON.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(served.body(), StandardCharsets.UTF_8)));

        badInputToEveryFunctionAtOnce();
        policy();
        redact();
        String run = budgets();
        approvals(run);
        audit();
        sandbox();
        budgetList();
        console();

        assertTrue(checked.get() >= 60, "answers checked: " + checked);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " answers do not match infra/openapi.yaml:\n" + String.join("\n", mismatches));
    }

    /**
     * One rejected request per function, two at a time: the functions' cold starts (a worker JVM each) overlap
     * instead of adding up, and nothing is changed by any of them. Two, not more: on a busy 2-core machine more
     * cold starts at once run past the client's 60 s timeout.
     */
    private void badInputToEveryFunctionAtOnce() throws Exception {
        String b = BASE + "/budget";
        String a = BASE + "/approvals";
        String none = "apr_00000000000000000000000000";
        List<Callable<JsonNode>> cases = List.of(
            () -> check("POST", BASE + "/check", "{}", 400),
            () -> check("POST", BASE + "/redact", "{\"text\":1,\"kinds\":[\"no_such_kind\"]}", 400),
            () -> check("POST", b + "/create", "{\"run_id\":\"-bad\",\"limit\":\"x\",\"currency\":\"dollars\"}", 400),
            () -> check("POST", b + "/spend", "{}", 400),
            () -> check("POST", b + "/can-spend", "{}", 400),
            () -> check("POST", b + "/reserve", "{\"run_id\":\"x\",\"amount\":0}", 400),
            () -> check("POST", b + "/commit", "{\"actual_amount\":-1}", 400),
            () -> check("POST", b + "/release", "{\"reservation_id\":7}", 400),
            () -> check("GET", b + "/-bad", null, 400),
            () -> check("PATCH", b + "/x", "{}", 400),
            () -> check("DELETE", b + "/-bad", null, 400),
            () -> check("GET", a + "/not-an-id", null, 404),
            () -> check("GET", a + "?limit=0&status=maybe", null, 400),
            () -> check("POST", a + "/" + none + "/approve", "{\"approver\":\"alice\"}", 404),
            () -> check("POST", a + "/" + none + "/deny", "{\"approver\":\"alice\"}", 404),
            () -> check("GET", BASE + "/audit?bogus=1", null, 400),
            () -> check("GET", BASE + "/sandbox/health", null, ANY_DOCUMENTED),
            () -> check("POST", BASE + "/sandbox/exec", "{\"command\":\"echo\",\"commands\":[],\"timeout_ms\":1}", 400));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Future<JsonNode> done : pool.invokeAll(cases)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void policy() throws Exception {
        check("POST", BASE + "/check", "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"ls -la\"}}", 200);
        check("POST", BASE + "/check", "{\"action_type\":\"execute_code\",\"params\":{\"command\":\"rm -rf /\"},\"run_id\":\"oa-1\",\"actor\":\"a\"}", 200);
        check("POST", BASE + "/check", "{\"action_type\":\"teleport\",\"params\":{},\"extra\":1}", 400);
        check("POST", BASE + "/check", "{not json", 400);
        check("POST", BASE + "/check", "{\"action_type\":\"deploy\",\"params\":{}}", "text/plain", 415);
        check("POST", BASE + "/check", "\"" + "a".repeat(7 * 1024 * 1024) + "\"", 413);
        check("GET", BASE + "/policy", null, 200);
    }

    private void redact() throws Exception {
        check("POST", BASE + "/redact", "{\"text\":\"export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and ok\"}", 200);
        check("POST", BASE + "/redact", "{\"text\":\"x\"}", "text/plain", 415);
    }

    private String budgets() throws Exception {
        String run = "oa-" + UUID.randomUUID();
        String b = BASE + "/budget";
        check("POST", b + "/create", "{\"run_id\":\"" + run + "\",\"limit\":\"1.00\",\"thresholds\":[0.5],\"metadata\":{\"team\":\"oa\"}}", 201);
        check("POST", b + "/create", "{\"run_id\":\"" + run + "\",\"limit\":\"1.00\",\"thresholds\":[0.5],\"metadata\":{\"team\":\"oa\"}}", 200);
        check("POST", b + "/create", "{\"run_id\":\"" + run + "\",\"limit\":2}", 409);
        check("POST", b + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":0.1}", 200);
        check("POST", b + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"0.2\",\"idempotency_key\":\"k-1\"}", 200);
        check("POST", b + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"0.3\",\"idempotency_key\":\"k-1\"}", 409);
        check("POST", b + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":5,\"enforce\":true}", 402);
        check("POST", b + "/spend", "{\"run_id\":\"nobody-" + run + "\",\"amount\":1}", 404);
        check("POST", b + "/spend", "{\"run_id\":\"" + run + "\",\"amount\":\"1e400\"}", 400);
        check("POST", b + "/can-spend", "{\"run_id\":\"" + run + "\",\"amount\":0.5}", 200);
        check("POST", b + "/can-spend", "{\"run_id\":\"nobody-" + run + "\",\"amount\":0.5}", 200);
        String first = check("POST", b + "/reserve", "{\"run_id\":\"" + run + "\",\"amount\":0.4}", 201).get("reservation_id").asText();
        check("POST", b + "/reserve", "{\"run_id\":\"" + run + "\",\"amount\":100}", 402);
        check("POST", b + "/reserve", "{\"run_id\":\"nobody-" + run + "\",\"amount\":1}", 404);
        check("POST", b + "/commit", "{\"reservation_id\":\"" + first + "\",\"actual_amount\":0.25}", 200);
        check("POST", b + "/commit", "{\"reservation_id\":\"" + first + "\",\"actual_amount\":0.3}", 409);
        check("POST", b + "/commit", "{\"reservation_id\":\"rsv_00000000000000000000_" + run + "\",\"actual_amount\":0.1}", 404);
        String second = check("POST", b + "/reserve", "{\"run_id\":\"" + run + "\",\"amount\":0.1}", 201).get("reservation_id").asText();
        check("POST", b + "/commit", "{\"reservation_id\":\"" + second + "\",\"actual_amount\":50}", 402);
        check("POST", b + "/release", "{\"reservation_id\":\"" + second + "\"}", 200);
        check("POST", b + "/release", "{\"reservation_id\":\"rsv_00000000000000000000_" + run + "\"}", 404);
        check("GET", b + "/" + run, null, 200);
        check("GET", b + "/nobody-" + run, null, 404);
        check("PATCH", b + "/" + run, "{\"limit\":\"5\",\"circuit_open\":false}", 200);
        check("PATCH", b + "/nobody-" + run, "{\"limit\":1}", 404);
        check("PATCH", b + "/" + run, "{\"limit\":1}", "text/plain", 415);
        String doomed = "oa-del-" + UUID.randomUUID();
        check("POST", b + "/create", "{\"run_id\":\"" + doomed + "\",\"limit\":1}", 201);
        check("DELETE", b + "/" + doomed, null, 204);
        check("DELETE", b + "/" + doomed, null, 404);
        return run;
    }

    private void approvals(String run) throws Exception {
        String a = BASE + "/approvals";
        JsonNode decision = check("POST", BASE + "/check", "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"production\","
            + "\"target\":\"billing-api\"},\"run_id\":\"" + run + "\",\"actor\":\"agent-7\"}", 200);
        String id = decision.path("approval_id").asText();
        assertEquals("require_approval", decision.path("verdict").asText(), decision.toString());
        check("GET", a + "/" + id, null, 200);
        check("GET", a + "/apr_00000000000000000000000000", null, 404);
        check("GET", a + "?status=pending&limit=5", null, 200);
        check("GET", a + "?run_id=" + run, null, 200);
        check("POST", a + "/" + id + "/approve", "{}", 400);
        check("POST", a + "/" + id + "/approve", "{\"approver\":\"alice\",\"comment\":\"ok\"}", 200);
        check("POST", a + "/" + id + "/deny", "{\"approver\":\"bob\"}", 409);
        check("POST", a + "/" + id + "/deny", "{\"approver\":\"bob\"}", "text/plain", 415);
        String other = check("POST", BASE + "/check", "{\"action_type\":\"deploy\",\"params\":{\"environment\":\"production\","
            + "\"target\":\"payments-api\"},\"run_id\":\"" + run + "\"}", 200).path("approval_id").asText();
        check("POST", a + "/" + other + "/deny", "{\"approver\":\"bob\",\"comment\":\"no\"}", 200);
        check("GET", a + "/" + other, null, 200);
    }

    private void audit() throws Exception {
        check("GET", BASE + "/audit?limit=5", null, 200);
        check("GET", BASE + "/audit?type=policy_decision&verdict=deny&limit=3", null, 200);
        check("GET", BASE + "/audit?limit=0&since=yesterday", null, 400);
    }

    private void sandbox() throws Exception {
        String run = "oa-sb-" + UUID.randomUUID();
        check("POST", BASE + "/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"1.00\"}", 201);
        check("POST", BASE + "/sandbox/exec", "{\"run_id\":\"" + run + "\",\"commands\":[\"echo hi\",\"exit 3\"]}", 200);
        check("POST", BASE + "/sandbox/exec", "{\"run_id\":\"" + run + "\",\"command\":\"rm -rf ~\"}", 403);
        check("POST", BASE + "/sandbox/exec", "{\"run_id\":\"" + run + "\",\"command\":\"userdel bob\"}", 403);
        check("POST", BASE + "/sandbox/exec", "{\"run_id\":\"" + run + "\",\"command\":\"echo hi\",\"estimated_cost\":\"100\"}", 402);
        check("POST", BASE + "/sandbox/exec", "{\"run_id\":\"" + run + "\",\"command\":\"echo\"}", "text/plain", 415);
    }

    private void budgetList() throws Exception {
        JsonNode page = check("GET", BASE + "/budgets?limit=1", null, 200);
        assertTrue(page.path("next_cursor").isTextual(), "the budgets created above make more than one page: " + page);
        check("GET", BASE + "/budgets?limit=1&cursor=" + page.path("next_cursor").asText(), null, 200);
        check("GET", BASE + "/budgets?breaker=open", null, 200);
        check("GET", BASE + "/budgets?limit=0&breaker=ajar&bogus=1", null, 400);
        check("GET", BASE + "/budgets?cursor=not-a-cursor", null, 400);
    }

    private void console() throws Exception {
        check("GET", "/console", null, 200);
        check("GET", "/console/app.js", null, 200);
        check("GET", "/console/no-such-file.js", null, 404);
    }

    private JsonNode check(String method, String path, String body, int expected) throws Exception {
        return check(method, path, body, "application/json", expected);
    }

    /** Sends one request, records every way its answer departs from the document, and returns the answer's JSON. */
    private JsonNode check(String method, String path, String body, String contentType, int expected) throws Exception {
        checked.incrementAndGet();
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = body == null ? http.send(method, path, null)
            : http.send(method, path, bytes, "Content-Type", contentType);
        int status = response.statusCode();
        String request = method + " " + path.replaceAll("\\?.*", "") + (body == null ? "" : " " + abbreviate(body));
        String where = request + " -> " + status;
        if (expected != ANY_DOCUMENTED && status != expected) {
            mismatches.add(where + ": the case expects " + expected + " (" + abbreviate(new String(response.body(), StandardCharsets.UTF_8)) + ")");
        }
        JsonNode operation = operation(method, path.replaceAll("\\?.*", ""));
        if (operation == null) {
            mismatches.add(where + ": no operation in infra/openapi.yaml");
            return HttpTestClient.JSON.missingNode();
        }
        JsonNode documented = operation.path("responses").path(Integer.toString(status));
        if (documented.isMissingNode()) {
            mismatches.add(where + ": status not documented (documented: " + fieldNames(operation.path("responses")) + ")");
            return json(response);
        }
        JsonNode content = documented.path("content");
        if (response.body().length == 0) {
            if (!content.isMissingNode() && !content.isEmpty()) {
                mismatches.add(where + ": empty body, but the document gives this status a body");
            }
            return HttpTestClient.JSON.missingNode();
        }
        String mediaType = response.headers().firstValue("content-type").orElse("").replaceAll(";.*", "").trim().toLowerCase(Locale.ROOT);
        // a "*/*" entry documents any type (the console's files each carry their own)
        JsonNode schema = content.has(mediaType) ? content.path(mediaType).path("schema") : content.path("*/*").path("schema");
        if (schema.isMissingNode()) {
            mismatches.add(where + ": content type " + mediaType + " not documented (documented: " + fieldNames(content) + ")");
            return json(response);
        }
        JsonNode answer = json(response);
        List<Error> errors = validate(schema, answer);
        if (!errors.isEmpty()) {
            mismatches.add(where + ": body does not match " + schema + ": "
                + errors.stream().map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList());
        }
        return answer;
    }

    /** The response schema with the document's components beside it, so its "#/components/schemas/..." refs resolve. */
    private static List<Error> validate(JsonNode schema, JsonNode instance) {
        ObjectNode wrapper = schema.isObject() ? ((ObjectNode) schema).deepCopy() : HttpTestClient.JSON.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("components", document.path("components"));
        SchemaLocation location = SchemaLocation.of("https://agentsafety.test/openapi/response-" + SCHEMA_IDS.incrementAndGet() + ".json");
        return SCHEMAS.getSchema(location, wrapper).validate(instance);
    }

    /** The operation whose path template matches: literal segments before parameters, as API Gateway routes. */
    private static JsonNode operation(String method, String path) {
        List<String> templates = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(templates::add);
        templates.sort(Comparator.comparingInt((String t) -> t.split("\\{", -1).length).thenComparing(Comparator.naturalOrder()));
        for (String template : templates) {
            Pattern pattern = Pattern.compile(template.replaceAll("\\{[^}/]+}", "[^/]+").replace(".", "\\."));
            JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
            if (pattern.matcher(path).matches() && !operation.isMissingNode()) {
                return operation;
            }
        }
        return null;
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return HttpTestClient.json(response);
        } catch (java.io.IOException e) {
            return HttpTestClient.JSON.getNodeFactory().textNode(new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + " chars)" : text;
    }
}
