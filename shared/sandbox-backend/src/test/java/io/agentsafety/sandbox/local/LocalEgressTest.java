package io.agentsafety.sandbox.local;

import com.sun.net.httpserver.HttpServer;
import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Per-host egress of the local backend, for real: bubblewrap sandboxes, loopback HTTP servers on free ports on the
 * host, curl, bash and raw python sockets inside. Name resolution of the relay is the test's (the JDK's for
 * localhost), so "a public name that answers with an internal address" can be played without a DNS server.
 */
class LocalEgressTest {

    @TempDir
    static Path root;
    static LocalBackend backend;
    static HttpServer allowed;
    static HttpServer other;

    @BeforeAll
    static void start() throws IOException {
        backend = new LocalBackend(root, Isolation.detect(null), Duration.ofMillis(200), LocalEgressTest::resolve);
        assumeTrue(backend.isolated(), "bubblewrap must be installed for the isolation tests (.ci/run installs it)");
        allowed = server("allowed-server");
        other = server("other-server");
    }

    @AfterAll
    static void stop() {
        if (allowed != null) {
            allowed.stop(0);
            other.stop(0);
        }
        backend.shutdown();
    }

    /** localhost as the JDK answers; "rebound.example.com" as a hostile DNS would answer (loopback, metadata). */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.equals("rebound.example.com")) {
            return new InetAddress[] {InetAddress.getByName("169.254.169.254"), InetAddress.getByName("127.0.0.1")};
        }
        if (host.endsWith(".invalid")) {
            throw new UnknownHostException(host);
        }
        return InetAddress.getAllByName(host);
    }

    private static HttpServer server(String answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Sandbox sandbox(String... allow) {
        Duration lifetime = Duration.ofMinutes(1);
        return backend.create(new SandboxSpec(null, lifetime, Map.of(), Map.of(), Instant.now().plus(lifetime),
            new EgressPolicy(List.of(allow), List.of())));
    }

    private static String run(Sandbox sandbox, String command) {
        ExecResult result = sandbox.run(new ExecRequest(command, null, Map.of(), Duration.ofSeconds(20), 1 << 20));
        return new String(result.stdout(), StandardCharsets.UTF_8) + new String(result.stderr(), StandardCharsets.UTF_8);
    }

    /** A raw python socket: connects, sends an HTTP request, prints the body or the error's class. */
    private static String pythonFetch(String host, int port) {
        return "python3 -c \"import socket,sys\n"
            + "try:\n"
            + "  s=socket.create_connection(('" + host + "'," + port + "),5)\n"
            + "  s.sendall(b'GET / HTTP/1.0\\\\r\\\\nHost: x\\\\r\\\\n\\\\r\\\\n'); d=b''\n"
            + "  while True:\n"
            + "    c=s.recv(4096)\n"
            + "    if not c: break\n"
            + "    d+=c\n"
            + "  print('BODY', d.split(b'\\\\r\\\\n\\\\r\\\\n',1)[-1].decode() if d else 'EMPTY')\n"
            + "except Exception as e: print('ERR', type(e).__name__)\n\"";
    }

    @Test
    void onlyTheAllowlistedLoopbackServiceIsReachableByNameAddressCurlAndRawSockets() {
        int port = allowed.getAddress().getPort();
        int otherPort = other.getAddress().getPort();
        try (Sandbox sandbox = sandbox("localhost:" + port)) {
            assertTrue(run(sandbox, "curl -sS --max-time 5 http://localhost:" + port + "/").contains("allowed-server"));
            assertTrue(run(sandbox, pythonFetch("127.0.0.1", port)).contains("BODY allowed-server"));
            assertTrue(run(sandbox, pythonFetch("localhost", port)).contains("BODY allowed-server"), "a second connection and command");
            // another port of the same host, a real server listening there on the host: refused inside
            assertTrue(run(sandbox, pythonFetch("127.0.0.1", otherPort)).contains("ERR ConnectionRefusedError"));
            String curlOther = run(sandbox, "curl -sS --max-time 5 http://127.0.0.1:" + otherPort + "/; echo rc=$?");
            assertFalse(curlOther.contains("other-server"), curlOther);
            assertTrue(curlOther.contains("rc=7"), curlOther); // couldn't connect
            // another loopback address, another host, the metadata service: nothing
            assertTrue(run(sandbox, pythonFetch("127.0.0.2", port)).contains("ERR ConnectionRefusedError"));
            assertTrue(run(sandbox, pythonFetch("10.0.0.1", 80)).matches("(?s).*ERR (OSError|TimeoutError).*"));
            assertTrue(run(sandbox, pythonFetch("169.254.169.254", 80)).matches("(?s).*ERR (OSError|TimeoutError).*"));
        }
    }

    @Test
    void withoutEgressNothingIsReachable() {
        int port = allowed.getAddress().getPort();
        try (Sandbox sandbox = sandbox()) {
            assertTrue(run(sandbox, pythonFetch("127.0.0.1", port)).contains("ERR ConnectionRefusedError"));
            assertTrue(run(sandbox, pythonFetch("10.0.0.1", 80)).contains("ERR OSError"));
            assertFalse(run(sandbox, "cat /etc/hosts").contains("127.0.0.2"));
        }
    }

    @Test
    void hostNamesMapToTheirOwnLoopbackAddressAndInternalAnswersAreRefused() {
        int port = allowed.getAddress().getPort();
        try (Sandbox sandbox = sandbox("rebound.example.com:" + port, "api.example.invalid")) {
            String hosts = run(sandbox, "getent hosts rebound.example.com api.example.invalid");
            assertTrue(hosts.contains("127.0.0.2") && hosts.contains("rebound.example.com"), hosts);
            assertTrue(hosts.contains("127.0.0.3") && hosts.contains("api.example.invalid"), hosts);
            // the name is allowlisted but answers with the metadata service and the host's loopback: the relay
            // connects to neither, the sandbox's connection ends without a byte
            assertTrue(run(sandbox, pythonFetch("rebound.example.com", port)).matches("(?s).*(BODY EMPTY|ERR ConnectionResetError).*"));
            // default ports only for a name without one; the name that does not resolve gets nothing
            assertTrue(run(sandbox, pythonFetch("api.example.invalid", 443)).matches("(?s).*(BODY EMPTY|ERR ConnectionResetError).*"));
            assertTrue(run(sandbox, pythonFetch("api.example.invalid", 8443)).contains("ERR ConnectionRefusedError"));
            assertTrue(run(sandbox, "getent hosts example.org || echo unresolved").contains("unresolved"));
        }
    }

    @Test
    void theRelayIsClosedWithTheSandbox() throws Exception {
        int port = allowed.getAddress().getPort();
        LocalSandbox sandbox = (LocalSandbox) sandbox("localhost:" + port);
        Path relayDir = sandbox.relayDir();
        assertTrue(Files.exists(relayDir.resolve("0.sock")));
        assertTrue(run(sandbox, pythonFetch("localhost", port)).contains("BODY allowed-server"));
        assertTrue(relayThreads(sandbox.id()) > 0, "the relay listens while the sandbox lives");
        sandbox.close();
        awaitNoRelayThreads(sandbox.id());
        assertFalse(Files.exists(relayDir), "its sockets and directory are gone");
    }

    @Test
    void aSandboxAttachedByAnotherBackendGetsTheSameEgressAndItsOwnRelayGoesWithIt() throws Exception {
        int port = allowed.getAddress().getPort();
        LocalBackend second = new LocalBackend(root, Isolation.detect(null), Duration.ofHours(1), LocalEgressTest::resolve);
        String id;
        try (Sandbox created = sandbox("localhost:" + port)) {
            id = created.id();
            LocalSandbox attached = (LocalSandbox) second.connect(id);
            assertTrue(run(attached, pythonFetch("localhost", port)).contains("BODY allowed-server"));
            assertTrue(run(attached, pythonFetch("127.0.0.1", other.getAddress().getPort())).contains("ERR ConnectionRefusedError"));
            Path attachedRelay = attached.relayDir();
            second.shutdown();
            assertFalse(Files.exists(attachedRelay));
        } finally {
            second.shutdown();
        }
        awaitNoRelayThreads(id);
    }

    private static void awaitNoRelayThreads(String sandboxId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (relayThreads(sandboxId) > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(0, relayThreads(sandboxId), "no relay thread of the sandbox is left");
    }

    private static long relayThreads(String sandboxId) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("sandbox-egress-" + sandboxId + "-") && t.isAlive()).count();
    }
}
