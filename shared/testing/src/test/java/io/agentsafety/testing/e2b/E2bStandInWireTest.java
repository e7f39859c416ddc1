package io.agentsafety.testing.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stand-in's wire behaviour checked with the JDK's own HTTP client (not the client under test
 * elsewhere), against the shapes of the protocol document.
 */
class E2bStandInWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static E2bStandIn standIn;

    @BeforeAll
    static void start() {
        standIn = E2bStandIn.start();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(standIn.url() + path)).header("X-API-Key", E2bStandIn.DEFAULT_API_KEY);
    }

    private static JsonNode create(String path, String body) throws Exception {
        HttpResponse<byte[]> response = send(api(path).POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json"));
        assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder envd(JsonNode sandbox, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(standIn.url() + path))
            .header("E2b-Sandbox-Id", sandbox.path("sandboxID").asText())
            .header("E2b-Sandbox-Port", "49983");
        if (sandbox.has("envdAccessToken")) {
            builder.header("X-Access-Token", sandbox.path("envdAccessToken").asText());
        }
        return builder;
    }

    private static byte[] startBody(String command) {
        byte[] payload = ("{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"" + command + "\"]},\"stdin\":false}")
            .getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(payload.length).put(payload).array();
    }

    private static List<String> frames(byte[] body) {
        List<String> frames = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(body);
        while (buffer.remaining() >= 5) {
            int flags = buffer.get() & 0xFF;
            byte[] payload = new byte[buffer.getInt()];
            buffer.get(payload);
            frames.add(flags + " " + new String(payload, StandardCharsets.UTF_8));
        }
        assertEquals(0, buffer.remaining());
        return frames;
    }

    @Test
    void createFollowsV2AndV1Defaults() throws Exception {
        JsonNode v2 = create("/v2/sandboxes", "{\"templateID\":\"base\"}");
        assertTrue(v2.path("sandboxID").asText().matches("^i[a-z0-9]{20}$"));
        assertEquals("6532622b", v2.path("clientID").asText());
        assertEquals("0.6.13", v2.path("envdVersion").asText());
        assertTrue(v2.has("envdAccessToken"));
        Instant endAt = standIn.endAt(v2.path("sandboxID").asText()).orElseThrow();
        assertTrue(endAt.isAfter(Instant.now().plusSeconds(290)), "v2 default 300 s");

        JsonNode v1 = create("/sandboxes", "{\"templateID\":\"base\"}");
        assertFalse(v1.has("envdAccessToken"), "v1 issues a token only with secure:true");
        assertTrue(standIn.endAt(v1.path("sandboxID").asText()).orElseThrow().isBefore(Instant.now().plusSeconds(16)),
            "v1 default 15 s");

        HttpResponse<byte[]> missing = send(api("/v2/sandboxes").POST(HttpRequest.BodyPublishers.ofString("{\"timeout\":5}")));
        assertEquals(400, missing.statusCode());
        HttpResponse<byte[]> zero = send(api("/v2/sandboxes").POST(
            HttpRequest.BodyPublishers.ofString("{\"templateID\":\"base\",\"timeout\":0}")));
        assertEquals(400, zero.statusCode());
        HttpResponse<byte[]> noKey = send(HttpRequest.newBuilder(URI.create(standIn.url() + "/v2/sandboxes"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"templateID\":\"base\"}")));
        assertEquals(401, noKey.statusCode());
        assertEquals(401, JSON.readTree(noKey.body()).path("code").asInt());
        assertEquals("application/json; charset=utf-8", noKey.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void startStreamsTheRecordedFrameShapes() throws Exception {
        JsonNode sandbox = create("/v2/sandboxes", "{\"templateID\":\"base\",\"timeout\":60}");
        HttpResponse<byte[]> response = send(envd(sandbox, "/process.Process/Start")
            .header("Content-Type", "application/connect+json").header("Connect-Protocol-Version", "1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(startBody("echo hi"))));
        assertEquals(200, response.statusCode());
        assertEquals("application/connect+json", response.headers().firstValue("Content-Type").orElse(""));
        List<String> frames = frames(response.body());
        assertTrue(frames.get(0).matches("^0 \\{\"event\":\\{\"start\":\\{\"pid\":\\d+}}}$"), frames.get(0));
        assertEquals("0 {\"event\":{\"data\":{\"stdout\":\"aGkK\"}}}", frames.get(1));
        assertEquals("0 {\"event\":{\"end\":{\"exited\":true,\"status\":\"exit status 0\"}}}", frames.get(2));
        assertEquals("2 {}", frames.get(3));

        HttpResponse<byte[]> failing = send(envd(sandbox, "/process.Process/Start")
            .header("Content-Type", "application/connect+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(startBody("exit 2"))));
        List<String> failed = frames(failing.body());
        assertEquals("0 {\"event\":{\"end\":{\"exitCode\":2,\"exited\":true,\"status\":\"exit status 2\",\"error\":\"exit status 2\"}}}",
            failed.get(1));

        HttpResponse<byte[]> wrongType = send(envd(sandbox, "/process.Process/Start")
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(startBody("true"))));
        assertEquals(415, wrongType.statusCode());
    }

    @Test
    void envdAuthRoutingAndAVanishedSandbox() throws Exception {
        JsonNode sandbox = create("/v2/sandboxes", "{\"templateID\":\"base\",\"timeout\":60}");
        String id = sandbox.path("sandboxID").asText();
        HttpResponse<byte[]> badToken = send(HttpRequest.newBuilder(URI.create(standIn.url() + "/process.Process/Start"))
            .header("E2b-Sandbox-Id", id).header("E2b-Sandbox-Port", "49983").header("X-Access-Token", "wrong")
            .header("Content-Type", "application/connect+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(startBody("true"))));
        assertEquals(401, badToken.statusCode());
        HttpResponse<byte[]> noRouting = send(HttpRequest.newBuilder(URI.create(standIn.url() + "/health")).GET());
        assertEquals(400, noRouting.statusCode());
        assertEquals(204, send(envd(sandbox, "/health").GET()).statusCode());
        HttpResponse<byte[]> unknownPid = send(envd(sandbox, "/process.Process/SendSignal")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"process\":{\"pid\":999999999},\"signal\":\"SIGNAL_SIGKILL\"}")));
        assertEquals(404, unknownPid.statusCode());
        assertEquals("not_found", JSON.readTree(unknownPid.body()).path("code").asText());

        assertEquals(204, send(api("/sandboxes/" + id).DELETE()).statusCode());
        assertEquals(404, send(api("/sandboxes/" + id).DELETE()).statusCode());
        assertEquals(2, standIn.count("DELETE", "/sandboxes/" + id), "both kills recorded");
        for (String path : List.of("/health", "/files?path=a.txt")) {
            HttpResponse<byte[]> gone = send(envd(sandbox, path).GET());
            assertEquals(502, gone.statusCode());
            JsonNode body = JSON.readTree(gone.body());
            assertEquals("The sandbox was not found", body.path("message").asText());
            assertEquals(id, body.path("sandboxId").asText());
        }
        RecordedCall kill = standIn.calls(c -> c.is("DELETE", "/sandboxes/" + id)).get(0);
        assertEquals("[present]", kill.header("X-API-Key"));
        assertFalse(kill.toString().contains(E2bStandIn.DEFAULT_API_KEY));
    }

    @Test
    void filesystemRpcs() throws Exception {
        JsonNode sandbox = create("/v2/sandboxes", "{\"templateID\":\"base\",\"timeout\":60}");
        HttpResponse<byte[]> made = send(envd(sandbox, "/filesystem.Filesystem/MakeDir")
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"/home/user/x\"}")));
        assertEquals(200, made.statusCode());
        HttpResponse<byte[]> again = send(envd(sandbox, "/filesystem.Filesystem/MakeDir")
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"/home/user/x\"}")));
        assertEquals(409, again.statusCode());
        assertEquals("already_exists", JSON.readTree(again.body()).path("code").asText());
        HttpResponse<byte[]> stat = send(envd(sandbox, "/filesystem.Filesystem/Stat")
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"x\"}")));
        assertEquals("FILE_TYPE_DIRECTORY", JSON.readTree(stat.body()).path("entry").path("type").asText());
        assertEquals("/home/user/x", JSON.readTree(stat.body()).path("entry").path("path").asText());
    }
}
