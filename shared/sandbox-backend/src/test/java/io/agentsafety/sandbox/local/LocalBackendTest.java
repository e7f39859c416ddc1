package io.agentsafety.sandbox.local;

import com.sun.net.httpserver.HttpServer;
import io.agentsafety.sandbox.BackendHealth;
import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxInfo;
import io.agentsafety.sandbox.SandboxSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The local backend for real: bubblewrap sandboxes, real processes, a real HTTP server on loopback. */
class LocalBackendTest {

    @TempDir
    static Path root;
    static LocalBackend backend;

    @BeforeAll
    static void start() {
        backend = new LocalBackend(root, Isolation.detect(null), Duration.ofMillis(200));
        assumeTrue(backend.isolated(), "bubblewrap must be installed for the isolation tests (.ci/run installs it)");
    }

    @AfterAll
    static void stop() {
        backend.shutdown();
    }

    static SandboxSpec spec(Duration lifetime, EgressPolicy egress, Map<String, String> metadata) {
        return new SandboxSpec(null, lifetime, Map.of("SPEC_VAR", "from-spec"), metadata, Instant.now().plus(lifetime), egress);
    }

    static Sandbox sandbox() {
        return backend.create(spec(Duration.ofMinutes(2), EgressPolicy.NONE, Map.of("agent-safety", "1")));
    }

    static ExecResult run(Sandbox sandbox, String command) {
        return sandbox.run(new ExecRequest(command, null, Map.of("REQ_VAR", "from-request"), Duration.ofSeconds(20), 1 << 20));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void runsInAnIsolatedWorkspaceWithOnlyTheGivenEnvironment() {
        try (Sandbox sandbox = sandbox()) {
            ExecResult result = run(sandbox, "pwd; echo \"$SPEC_VAR $REQ_VAR\"; env | cut -d= -f1 | sort | tr '\\n' ' '; echo err >&2");
            assertEquals(0, result.exitCode());
            String[] lines = text(result.stdout()).split("\n");
            assertEquals("/workspace", lines[0]);
            assertEquals("from-spec from-request", lines[1]);
            // nothing of the JVM's environment (PATH of the build, JAVA_HOME, credentials...) reaches the command
            assertFalse(lines[2].contains("JAVA_HOME") || lines[2].contains("MAVEN"), lines[2]);
            assertEquals("err\n", text(result.stderr()));
            assertFalse(result.timedOut());
            assertFalse(result.truncated());
        }
    }

    @Test
    void systemIsReadOnlyTmpIsPrivateAndSecretsOfEtcAreAbsent() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            ExecResult usr = run(sandbox, "touch /usr/sandbox-escape");
            assertNotEquals(0, usr.exitCode());
            assertFalse(Files.exists(Path.of("/usr/sandbox-escape")));
            ExecResult tmp = run(sandbox, "echo x > /tmp/sandbox-private-marker && ls /tmp");
            assertEquals(0, tmp.exitCode());
            assertFalse(Files.exists(Path.of("/tmp/sandbox-private-marker")), "the sandbox's /tmp is its own");
            assertNotEquals(0, run(sandbox, "cat /etc/shadow").exitCode());
            ExecResult pids = run(sandbox, "ls /proc | grep -c '^[0-9]'");
            assertTrue(Integer.parseInt(text(pids.stdout()).trim()) < 10, "a new pid namespace sees only its own processes");
        }
    }

    @Test
    void nonZeroExitIsAResult() {
        try (Sandbox sandbox = sandbox()) {
            ExecResult result = run(sandbox, "echo partial; exit 3");
            assertEquals(3, result.exitCode());
            assertEquals("partial\n", text(result.stdout()));
        }
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        String marker = "417.0" + System.nanoTime() % 100000;
        try (Sandbox sandbox = sandbox()) {
            ExecResult result = sandbox.run(new ExecRequest("sleep " + marker + " & setsid sleep " + marker + " & echo started; sleep " + marker,
                null, Map.of(), Duration.ofMillis(800), 1024));
            assertTrue(result.timedOut());
            assertEquals(-1, result.exitCode());
            assertEquals("started\n", text(result.stdout()));
            assertTrue(result.durationMs() >= 800 && result.durationMs() < 10_000, "duration " + result.durationMs());
            assertEquals(List.of(), survivors(marker), "every process the command started is gone");
        }
    }

    @Test
    void backgroundProcessesDieWithTheCommand() throws Exception {
        String marker = "418.0" + System.nanoTime() % 100000;
        try (Sandbox sandbox = sandbox()) {
            ExecResult result = run(sandbox, "(nohup sleep " + marker + " >/dev/null 2>&1 &); echo done");
            assertEquals(0, result.exitCode());
            assertEquals(List.of(), survivors(marker));
        }
    }

    /**
     * The command's processes still alive: looked at after 200 ms (time for a leaked one to show), then again until none
     * is left or 10 s have passed. A killed process is gone only once the kernel has run it to its end, which on a loaded
     * machine can take longer than the 200 ms this waited before; a leaked one (a sleep of 400 s and more) stays for the 10 s.
     */
    static List<String> survivors(String marker) throws InterruptedException {
        Thread.sleep(200);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> alive = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains("sleep " + marker) && !cmd.contains("&"))
                .toList();
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void hugeOutputIsCutAtTheCapAndFlagged() {
        try (Sandbox sandbox = sandbox()) {
            ExecResult result = sandbox.run(new ExecRequest("head -c 20000000 /dev/zero; head -c 10 /dev/zero >&2", null, Map.of(),
                Duration.ofSeconds(30), 65536));
            assertEquals(0, result.exitCode(), "the producer was not blocked by the cap");
            assertEquals(65536, result.stdout().length);
            assertEquals(10, result.stderr().length);
            assertTrue(result.truncated());
        }
    }

    @Test
    void binaryOutputAndFilesRoundTripByteForByte() {
        byte[] content = new byte[256 * 3];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        try (Sandbox sandbox = sandbox()) {
            sandbox.upload("data/in.bin", content);
            sandbox.upload("/workspace/data/abs.bin", new byte[]{1, 2});
            ExecResult cat = run(sandbox, "cat data/in.bin; cp data/in.bin data/out.bin; printf '\\x00\\xff\\xfe' >> data/out.bin");
            assertArrayEquals(content, cat.stdout());
            byte[] back = sandbox.download("data/out.bin", 10_000);
            assertEquals(content.length + 3, back.length);
            assertEquals((byte) 0xff, back[content.length + 1]);
            assertArrayEquals(new byte[]{1, 2}, sandbox.download("data/abs.bin", 10));
            SandboxException tooLarge = assertThrows(SandboxException.class, () -> sandbox.download("data/out.bin", 100));
            assertEquals(SandboxException.Kind.TOO_LARGE, tooLarge.kind());
        }
    }

    @Test
    void filesCannotEscapeTheWorkspace() {
        try (Sandbox sandbox = sandbox()) {
            for (String path : List.of("../escape", "a/../../escape", "/etc/passwd", "/workspace/../etc/passwd", "")) {
                SandboxException e = assertThrows(SandboxException.class, () -> sandbox.upload(path, new byte[]{1}), path);
                assertEquals(SandboxException.Kind.INVALID, e.kind(), path);
            }
            assertEquals(0, run(sandbox, "ln -s /etc/passwd leak; mkdir d; ln -s / d/root; ln -s / rootlink").exitCode());
            assertEquals(SandboxException.Kind.INVALID, assertThrows(SandboxException.class, () -> sandbox.download("leak", 1 << 20)).kind());
            assertEquals(SandboxException.Kind.INVALID, assertThrows(SandboxException.class, () -> sandbox.download("rootlink/etc/passwd", 1 << 20)).kind());
            assertEquals(SandboxException.Kind.INVALID, assertThrows(SandboxException.class, () -> sandbox.upload("rootlink/tmp/planted", new byte[]{1})).kind());
            assertFalse(Files.exists(Path.of("/tmp/planted")));
        }
    }

    @Test
    void loopbackServerReachableOnlyThroughItsAllowlistEntry() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello-from-host".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        String fetch = "exec 3<>/dev/tcp/127.0.0.1/" + port + " && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3";
        try {
            // the allowlisted host:port is reached through the relay, though the sandbox has its own network namespace
            EgressPolicy allowed = new EgressPolicy(List.of("127.0.0.1:" + port), List.of());
            try (Sandbox open = backend.create(spec(Duration.ofMinutes(1), allowed, Map.of()))) {
                ExecResult reached = run(open, fetch);
                assertEquals(0, reached.exitCode(), text(reached.stderr()));
                assertTrue(text(reached.stdout()).contains("hello-from-host"));
                ExecResult ownNamespace = run(open, "ls /sys/class/net 2>/dev/null || cat /proc/net/dev");
                assertFalse(text(ownNamespace.stdout()).matches("(?s).*\\b(eth|ens|enp|docker|veth)[0-9a-z]*.*"),
                    "only the sandbox's own loopback: " + text(ownNamespace.stdout()));
            }
            try (Sandbox closed = backend.create(spec(Duration.ofMinutes(1), EgressPolicy.NONE, Map.of()))) {
                ExecResult refused = run(closed, fetch);
                assertNotEquals(0, refused.exitCode());
                assertFalse(text(refused.stdout()).contains("hello-from-host"));
                assertTrue(text(refused.stderr()).contains("Connection refused") || text(refused.stderr()).contains("unreachable"),
                    text(refused.stderr()));
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void listKillAndTimeoutsWorkAcrossBackendsOnTheSameRoot() throws Exception {
        Sandbox sandbox = backend.create(spec(Duration.ofMinutes(5), EgressPolicy.NONE, Map.of("agent-safety", "1", "run_id", "run-list")));
        LocalBackend other = new LocalBackend(root, Isolation.detect(null), Duration.ofHours(1));
        try {
            List<SandboxInfo> listed = other.list(Map.of("run_id", "run-list"));
            assertEquals(1, listed.size());
            assertEquals(sandbox.id(), listed.get(0).sandboxId());
            assertEquals("1", listed.get(0).metadata().get("agent-safety"));
            other.setTimeout(sandbox.id(), Duration.ofHours(2));
            assertTrue(backend.list(Map.of("run_id", "run-list")).get(0).endAt().isAfter(Instant.now().plus(Duration.ofMinutes(100))));
            assertTrue(other.kill(sandbox.id()));
            assertFalse(Files.exists(root.resolve(sandbox.id())));
            assertEquals(List.of(), backend.list(Map.of("run_id", "run-list")));
            assertFalse(other.kill(sandbox.id()), "an already-gone sandbox is not an error");
            assertFalse(other.kill("../../etc"));
            assertEquals(SandboxException.Kind.NOT_FOUND,
                assertThrows(SandboxException.class, () -> other.setTimeout(sandbox.id(), Duration.ofMinutes(1))).kind());
        } finally {
            other.shutdown();
            sandbox.close();
        }
    }

    @Test
    void theReaperKillsASandboxPastItsLifetimeAndItsRunningCommand() throws Exception {
        String marker = "419.0" + System.nanoTime() % 100000;
        Sandbox sandbox = backend.create(spec(Duration.ofMillis(700), EgressPolicy.NONE, Map.of("run_id", "run-reap")));
        long started = System.nanoTime();
        SandboxException killed = assertThrows(SandboxException.class, () -> sandbox.run(
            new ExecRequest("sleep " + marker, null, Map.of(), Duration.ofSeconds(30), 1024)));
        assertEquals(SandboxException.Kind.NOT_FOUND, killed.kind());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 10_000);
        assertEquals(List.of(), backend.list(Map.of("run_id", "run-reap")));
        assertEquals(List.of(), survivors(marker));
        assertEquals(SandboxException.Kind.NOT_FOUND, assertThrows(SandboxException.class, () -> run(sandbox, "true")).kind());
    }

    @Test
    void healthReportsIsolation() {
        BackendHealth health = backend.health();
        assertEquals("local", health.backend());
        assertTrue(health.reachable());
        assertTrue(health.isolated());
        assertTrue(health.detail().contains("bubblewrap"));
    }

    @Test
    void withoutBubblewrapItStillRunsButSaysItIsNotIsolated(@TempDir Path otherRoot) {
        LocalBackend plain = new LocalBackend(otherRoot, Isolation.detect("/nonexistent/bwrap"), Duration.ofSeconds(1));
        try (Sandbox sandbox = plain.create(spec(Duration.ofMinutes(1), EgressPolicy.NONE, Map.of()))) {
            ExecResult result = run(sandbox, "echo $REQ_VAR; pwd");
            assertEquals(0, result.exitCode());
            assertTrue(text(result.stdout()).startsWith("from-request\n" + otherRoot));
            BackendHealth health = plain.health();
            assertFalse(health.isolated());
            assertTrue(health.detail().contains("UNISOLATED"));
        } finally {
            plain.shutdown();
        }
    }
}
