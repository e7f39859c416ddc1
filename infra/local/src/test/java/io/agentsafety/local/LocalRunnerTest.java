package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner end to end over real HTTP and real worker JVMs, against a test template whose function is the
 * dependency-free {@code EchoHandler} (CodeUri = the test classes folder): what event the function receives,
 * what response API Gateway would make of its result, its environment, and how misbehaving workers are handled.
 */
class LocalRunnerTest {

    @TempDir
    static Path temp;
    static LocalRunner runner;
    static ApiServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        Path envVars = temp.resolve("env.json");
        Files.writeString(envVars, """
            {"Parameters": {"FROM_FILE": "global-file", "NOT_DECLARED": "ignored"},
             "EchoFunction": {"GREETING": "function-file"}}
            """);
        Map<String, String> shell = Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            "ALLOWLIST", "shell.example.com", "UNDECLARED_SECRET", "shell-only", "REGION_NOTE", "not parameter-bound");
        runner = LocalRunner.start(new LocalRunner.Settings(template(), envVars, shell, new WorkerOptions(64, 2, Duration.ofSeconds(30))));
        server = ApiServer.start(runner, "127.0.0.1", 0, 8);
        http = new HttpTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
        runner.close();
    }

    static Path template() throws URISyntaxException {
        return Path.of(LocalRunnerTest.class.getResource("/echo-template.yaml").toURI());
    }

    @Test
    void buildsThePayload2EventFromTheRequest() throws Exception {
        HttpResponse<byte[]> response = http.send("GET", "/items/a%20b?x=1&x=2&y=%26", null,
            "Cookie", "c1=v1; c2=v2", "X-Multi", "a", "X-Multi", "b", "User-Agent", "runner-test");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode event = HttpTestClient.json(response);
        assertEquals("2.0", event.get("version").asText());
        assertEquals("GET /items/{id}", event.get("routeKey").asText());
        assertEquals("/items/a%20b", event.get("rawPath").asText());
        assertEquals("x=1&x=2&y=%26", event.get("rawQueryString").asText());
        assertEquals("1,2", event.at("/queryStringParameters/x").asText());
        assertEquals("&", event.at("/queryStringParameters/y").asText());
        assertEquals("a b", event.at("/pathParameters/id").asText());
        assertEquals(List.of("c1=v1", "c2=v2"), List.of(event.at("/cookies/0").asText(), event.at("/cookies/1").asText()));
        assertFalse(event.get("headers").has("cookie"), "cookies move out of the headers");
        assertEquals("a,b", event.at("/headers/x-multi").asText());
        assertEquals("127.0.0.1", event.at("/headers/x-forwarded-for").asText());
        assertEquals(String.valueOf(server.port()), event.at("/headers/x-forwarded-port").asText());
        assertEquals("GET", event.at("/requestContext/http/method").asText());
        assertEquals("127.0.0.1", event.at("/requestContext/http/sourceIp").asText());
        assertEquals("runner-test", event.at("/requestContext/http/userAgent").asText());
        assertEquals(response.headers().firstValue("apigw-requestid").orElseThrow(), event.at("/requestContext/requestId").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());
    }

    @Test
    void textBodiesArePassedAsTextAndBinaryAsBase64() throws Exception {
        JsonNode text = HttpTestClient.json(http.postJson("/echo", "{\"k\":\"é\"}"));
        assertEquals("{\"k\":\"é\"}", text.get("body").asText());
        assertFalse(text.get("isBase64Encoded").asBoolean());

        byte[] binary = {0, (byte) 0xff, 1, 2};
        JsonNode base64 = HttpTestClient.json(http.send("PUT", "/echo", binary, "Content-Type", "application/octet-stream"));
        assertTrue(base64.get("isBase64Encoded").asBoolean());
        assertEquals("ANY /echo", base64.get("routeKey").asText());
        assertEquals(List.of(0, 255, 1, 2), toList(Base64.getDecoder().decode(base64.get("body").asText())));
    }

    @Test
    void mapsStructuredResponsesAndKeepsStdoutOutOfTheProtocol() throws Exception {
        HttpResponse<byte[]> response = http.get("/stdout");
        assertEquals(201, response.statusCode());
        assertEquals("structured", response.headers().firstValue("x-kind").orElseThrow());
        assertEquals(List.of("a=1", "b=2"), response.headers().allValues("set-cookie"));
        assertEquals("hello", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void unroutedPathsAre404AndOtherMethods405() throws Exception {
        HttpResponse<byte[]> notFound = http.get("/nope/deeper?token=secret");
        assertEquals(404, notFound.statusCode());
        assertEquals("application/problem+json", notFound.headers().firstValue("content-type").orElseThrow());
        assertEquals("not_found", HttpTestClient.json(notFound).get("code").asText());
        assertFalse(new String(notFound.body(), StandardCharsets.UTF_8).contains("secret"), "the query string is never echoed");

        HttpResponse<byte[]> wrongMethod = http.send("DELETE", "/items/7", null);
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET", wrongMethod.headers().firstValue("allow").orElseThrow());
        assertEquals("method_not_allowed", HttpTestClient.json(wrongMethod).get("code").asText());

        assertEquals("GET, POST", http.send("DELETE", "/env", null).headers().firstValue("allow").orElseThrow(), "/env and /{mode}");
        assertEquals("POST", http.get("/fail").headers().firstValue("allow").orElseThrow(), "GET /{mode} is not routed, POST is");
        assertEquals(404, http.get("/prod/status").statusCode(), "a function whose Condition is false does not deploy, so it is not served");
    }

    @Test
    void functionErrorsAre500WithoutTheirMessage() throws Exception {
        HttpResponse<byte[]> response = http.postJson("/fail", "{}");
        assertEquals(500, response.statusCode());
        assertEquals("internal_error", HttpTestClient.json(response).get("code").asText());
        assertFalse(new String(response.body(), StandardCharsets.UTF_8).contains("sk_live"));
        assertEquals(200, http.get("/echo").statusCode(), "the worker survives a handler exception");
    }

    @Test
    void aTimedOutOrDeadWorkerIsReplacedOnTheNextRequest() throws Exception {
        assertEquals(504, http.postJson("/sleep", "{}").statusCode());
        assertEquals(200, http.get("/echo").statusCode());
        assertEquals(502, http.postJson("/exit", "{}").statusCode());
        assertEquals(200, http.get("/echo").statusCode());

        long pid = runner.workerPids("EchoFunction").get(0);
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        worker.destroyForcibly();
        worker.onExit().get();
        assertEquals(200, http.get("/echo").statusCode());
        assertFalse(runner.workerPids("EchoFunction").contains(pid));
    }

    @Test
    void concurrentRequestsShareAtMostTheConfiguredWorkers() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                statuses.add(clients.submit(() -> http.get("/echo").statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get());
            }
        } finally {
            clients.shutdown();
        }
        assertTrue(runner.workerPids("EchoFunction").size() <= 2);
    }

    @Test
    void theWorkerSeesOnlyItsTemplateEnvironmentWithOverridesInOrder() throws Exception {
        JsonNode env = HttpTestClient.json(http.get("/env"));
        assertEquals("shell.example.com", env.get("ALLOWLIST").asText(), "parameter-bound: the shell overrides the Default");
        assertEquals("function-file", env.get("GREETING").asText(), "env-vars LogicalId wins");
        assertEquals("global-file", env.get("FROM_FILE").asText(), "env-vars Parameters beat the template");
        assertEquals("region us-east-1 account 123456789012", env.get("REGION_NOTE").asText(), "not parameter-bound: the shell cannot change it");
        assertFalse(env.has("PROD_ONLY"), "AWS::NoValue removes the variable");
        assertFalse(env.has("NOT_DECLARED"), "as in SAM, undeclared env-vars entries are ignored");
        assertFalse(env.has("UNDECLARED_SECRET"), "the runner's shell does not leak into functions");
        assertEquals(runner.redisUri(), env.get("REDIS_URI").asText(), "no Redis configured: the embedded one");
        assertEquals("EchoFunction", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals("256", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
        assertEquals("io.agentsafety.local.fixtures.EchoHandler::handle", env.get("_HANDLER").asText());
    }

    @Test
    void functionsThatCannotStartAre502AndAreRetried() throws Exception {
        for (String path : List.of("/broken/handler", "/broken/unbuilt")) {
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpResponse<byte[]> response = http.get(path);
                assertEquals(502, response.statusCode(), path);
                assertEquals("bad_gateway", HttpTestClient.json(response).get("code").asText());
            }
        }
        assertTrue(runner.workerPids("BrokenHandlerFunction").isEmpty());
        assertEquals(200, http.get("/echo").statusCode(), "other functions are unaffected");
    }

    @Test
    void theEmbeddedRedisAnswers() throws Exception {
        java.net.URI uri = java.net.URI.create(runner.redisUri());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[7];
            assertEquals(7, socket.getInputStream().readNBytes(answer, 0, 7));
            assertEquals("+PONG\r\n", new String(answer, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void invokesAFunctionDirectly() throws Exception {
        Invocation result = runner.invoke("EchoFunction", "{\"direct\":true}".getBytes(StandardCharsets.UTF_8));
        assertFalse(result.functionError());
        assertEquals("{\"direct\":true}", new String(result.payload(), StandardCharsets.UTF_8));
        Set<String> ids = new HashSet<>(List.of(result.requestId(), runner.invoke("EchoFunction", "1".getBytes()).requestId()));
        assertEquals(2, ids.size(), "each invocation has its own request id");
        assertNotEquals(-1L, runner.redisPid());
    }

    private static List<Integer> toList(byte[] bytes) {
        List<Integer> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b & 0xff);
        }
        return list;
    }
}
