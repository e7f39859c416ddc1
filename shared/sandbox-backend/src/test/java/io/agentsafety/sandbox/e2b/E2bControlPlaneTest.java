package io.agentsafety.sandbox.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsafety.sandbox.BackendHealth;
import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxInfo;
import io.agentsafety.sandbox.SandboxSpec;
import io.agentsafety.testing.e2b.E2bStandIn;
import io.agentsafety.testing.e2b.RecordedCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control plane through the real backend against the stand-in: create body, retries, errors, list, timeout. */
class E2bControlPlaneTest extends StandInFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode createBody() throws Exception {
        List<RecordedCall> creates = standIn.calls(c -> c.is("POST", "/v2/sandboxes"));
        return JSON.readTree(creates.get(creates.size() - 1).body());
    }

    @Test
    void createAlwaysSendsTimeoutMetadataEnvVarsAndADenyEverythingNetworkByDefault() throws Exception {
        Instant deadline = Instant.parse("2030-01-01T00:10:00Z");
        try (Sandbox sandbox = backend.create(new SandboxSpec("my-template", Duration.ofMillis(90_500),
            Map.of("A", "1"), Map.of("run_id", "run-7"), deadline, null))) {
            JsonNode body = createBody();
            assertEquals("my-template", body.path("templateID").asText());
            assertEquals(91, body.path("timeout").asInt(), "ceil of 90.5 s");
            assertEquals("run-7", body.path("metadata").path("run_id").asText());
            assertEquals(deadline.toString(), body.path("metadata").path("deadline").asText());
            assertEquals("1", body.path("envVars").path("A").asText());
            assertFalse(body.path("allow_internet_access").asBoolean(true));
            assertEquals(0, body.path("network").path("allowOut").size());
            List<String> deny = strings(body.path("network").path("denyOut"));
            assertTrue(deny.containsAll(List.of("0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "fc00::/7", "fe80::/10", "::1/128")), deny.toString());
            RecordedCall create = standIn.calls(c -> c.is("POST", "/v2/sandboxes")).get(0);
            assertEquals("[present]", create.header("X-API-Key"));
            assertTrue(standIn.exists(sandbox.id()));
        }
    }

    @Test
    void createWithAnAllowlistSendsItAndDropsInternalEntries() throws Exception {
        EgressPolicy egress = new EgressPolicy(List.of("pypi.org", "*.github.com", "api.example.com:443",
            "169.254.169.254", "10.1.2.3/32", "localhost", "8.8.8.8"), List.of());
        try (Sandbox ignored = backend.create(new SandboxSpec(null, Duration.ofMinutes(1), null, null, null, egress))) {
            JsonNode body = createBody();
            assertEquals("base", body.path("templateID").asText());
            assertEquals(List.of("pypi.org", "*.github.com", "api.example.com", "8.8.8.8"),
                strings(body.path("network").path("allowOut")));
            assertTrue(strings(body.path("network").path("denyOut")).contains("0.0.0.0/0"));
            assertTrue(strings(body.path("network").path("denyOut")).contains("169.254.0.0/16"));
            assertFalse(body.has("allow_internet_access"));
        }
    }

    @Test
    void rateLimitWithRetryAfterIsRetriedAndHonoured() {
        standIn.faults().rateLimitCreates(2, 1);
        long started = System.nanoTime();
        try (Sandbox sandbox = backend.create(spec())) {
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(3, standIn.count("POST", "/v2/sandboxes"));
            assertTrue(elapsedMs >= 1900, "waited Retry-After twice: " + elapsedMs);
            assertTrue(standIn.exists(sandbox.id()));
            List<RecordedCall> creates = standIn.calls(c -> c.is("POST", "/v2/sandboxes"));
            assertEquals(creates.get(0).bodyText(), creates.get(2).bodyText(), "the identical body is re-sent");
        }
    }

    @Test
    void rateLimitBeyondTheRetriesIsRateLimited() {
        E2bBackend oneRetry = new E2bBackend(backend.config().withMaxRetries(1));
        try {
            standIn.faults().rateLimitCreates(5, 0);
            SandboxException e = assertThrows(SandboxException.class, () -> oneRetry.create(spec()));
            assertEquals(SandboxException.Kind.RATE_LIMITED, e.kind());
            assertEquals(2, standIn.count("POST", "/v2/sandboxes"));
        } finally {
            oneRetry.close();
        }
    }

    @Test
    void concurrencyLimitWithoutRetryAfterIsNotRetried() {
        standIn.faults().concurrencyLimitCreates(1);
        SandboxException e = assertThrows(SandboxException.class, () -> backend.create(spec()));
        assertEquals(SandboxException.Kind.RATE_LIMITED, e.kind());
        assertTrue(e.getMessage().contains("maximum number of concurrent"), e.getMessage());
        assertEquals(1, standIn.count("POST", "/v2/sandboxes"));
        assertTrue(standIn.sandboxIds().stream().noneMatch(standIn::exists) || standIn.calls().size() == 1);
    }

    @Test
    void busyIsRetriedWithBackoff() {
        standIn.faults().busyCreates(2);
        try (Sandbox sandbox = backend.create(spec())) {
            assertEquals(3, standIn.count("POST", "/v2/sandboxes"));
            assertTrue(standIn.exists(sandbox.id()));
        }
    }

    @Test
    void busyBeyondTheRetriesIsUnavailable() {
        standIn.faults().busyCreates(10);
        SandboxException e = assertThrows(SandboxException.class, () -> backend.create(spec()));
        assertEquals(SandboxException.Kind.UNAVAILABLE, e.kind());
        assertEquals(1 + E2bConfig.DEFAULT_MAX_RETRIES, standIn.count("POST", "/v2/sandboxes"));
    }

    @Test
    void aRefusedKeyIsUnauthorizedAtOnceAndNeverInTheMessage() {
        String key = "e2b_wrong_key_0123456789";
        E2bBackend wrong = new E2bBackend(E2bConfig.of(key, null, standIn.url(), standIn.url()));
        try {
            SandboxException e = assertThrows(SandboxException.class, () -> wrong.create(spec()));
            assertEquals(SandboxException.Kind.UNAUTHORIZED, e.kind());
            assertEquals(1, standIn.count("POST", "/v2/sandboxes"), "401 is not retried");
            assertFalse(e.getMessage().contains(key));
            assertFalse(wrong.toString().contains(key));
            assertFalse(wrong.config().toString().contains(key));
            BackendHealth health = wrong.health();
            assertFalse(health.reachable());
            assertTrue(health.detail().contains("API key refused"), health.detail());
            assertFalse(health.detail().contains(key));
        } finally {
            wrong.close();
        }
    }

    @Test
    void unknownSandboxesAreNotFoundOrFalse() {
        assertFalse(backend.kill("i0000000000000000000x"));
        assertEquals(SandboxException.Kind.NOT_FOUND, assertThrows(SandboxException.class,
            () -> backend.setTimeout("i0000000000000000000x", Duration.ofSeconds(30))).kind());
        assertEquals(SandboxException.Kind.INVALID,
            assertThrows(SandboxException.class, () -> backend.kill("../v2/sandboxes")).kind());
        assertEquals(1, standIn.count("DELETE", "/sandboxes/i0000000000000000000x"), "404 is not retried");
    }

    @Test
    void connectReachesASandboxCreatedEarlierAndAGoneOneIsNotFound() throws Exception {
        try (Sandbox created = backend.create(spec())) {
            created.run(cmd("echo kept > connect-marker"));
            Sandbox again = backend.connect(created.id());
            assertEquals(created.id(), again.id());
            ExecResult result = again.run(cmd("cat connect-marker"));
            assertEquals("kept\n", new String(result.stdout(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(1, standIn.count("POST", "/v2/sandboxes/" + created.id() + "/connect"));
        }
        assertEquals(SandboxException.Kind.NOT_FOUND,
            assertThrows(SandboxException.class, () -> backend.connect("i0000000000000000000x")).kind());
    }

    @Test
    void setTimeoutMovesTheExpiryAndTheTtlReallyKills() throws Exception {
        try (Sandbox sandbox = backend.create(spec())) {
            backend.setTimeout(sandbox.id(), Duration.ofSeconds(1200));
            Instant endAt = standIn.endAt(sandbox.id()).orElseThrow();
            assertTrue(endAt.isAfter(Instant.now().plusSeconds(1100)), endAt.toString());
            RecordedCall call = standIn.calls(c -> c.is("POST", "/sandboxes/" + sandbox.id() + "/timeout")).get(0);
            assertEquals(1200, JSON.readTree(call.body()).path("timeout").asInt());

            backend.setTimeout(sandbox.id(), Duration.ofMillis(300));
            eventually("expired by its TTL", () -> !standIn.exists(sandbox.id()));
            assertEquals(SandboxException.Kind.NOT_FOUND,
                assertThrows(SandboxException.class, () -> sandbox.run(cmd("true"))).kind());
        }
    }

    @Test
    void listFiltersByMetadataAcrossPages() {
        List<Sandbox> mine = new ArrayList<>();
        try {
            String run = "run list " + System.nanoTime();
            for (int i = 0; i < 3; i++) {
                mine.add(backend.create(new SandboxSpec(null, Duration.ofMinutes(2), null,
                    Map.of("agent-safety", "1", "run_id", run), Instant.parse("2030-01-01T00:00:00Z"), null)));
            }
            Sandbox other = backend.create(spec());
            mine.add(other);
            List<SandboxInfo> listed = backend.list(Map.of("run_id", run));
            assertEquals(3, listed.size());
            for (SandboxInfo info : listed) {
                assertEquals(run, info.metadata().get("run_id"));
                assertEquals("2030-01-01T00:00:00Z", info.metadata().get("deadline"));
                assertNotNull(info.startedAt());
                assertTrue(info.endAt().isAfter(info.startedAt()));
                assertEquals("base", info.template());
            }
            assertTrue(listed.stream().noneMatch(i -> i.sandboxId().equals(other.id())));
            RecordedCall list = standIn.calls(c -> c.is("GET", "/v2/sandboxes")).get(0);
            assertTrue(list.query().contains("metadata=run_id%3Drun%2520list"), list.query());
            assertTrue(backend.list(Map.of()).size() >= 4);
        } finally {
            mine.forEach(Sandbox::close);
        }
    }

    @Test
    void healthIsReachableAndIsolated() {
        BackendHealth health = backend.health();
        assertEquals("e2b", health.backend());
        assertTrue(health.reachable());
        assertTrue(health.isolated());
    }

    @Test
    void anUnreachableControlPlaneIsUnavailable() {
        E2bStandIn gone = E2bStandIn.start();
        String url = gone.url();
        gone.close();
        E2bBackend nowhere = new E2bBackend(E2bConfig.of(E2bStandIn.DEFAULT_API_KEY, null, url, url)
            .withRequestTimeout(Duration.ofSeconds(5)));
        try {
            SandboxException e = assertThrows(SandboxException.class, () -> nowhere.create(spec()));
            assertEquals(SandboxException.Kind.UNAVAILABLE, e.kind());
            assertFalse(nowhere.health().reachable());
        } finally {
            nowhere.close();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
