package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.testing.e2b.Faults;
import io.agentsafety.testing.e2b.RecordedCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands through the real E2B backend against the stand-in over HTTP: results, streams, deadlines, faults. */
class E2bCommandsTest extends StandInFixture {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void runsACommandForRealWithEnvAndCwdAndSendsTheProtocolHeaders() {
        try (Sandbox sandbox = backend.create(spec())) {
            sandbox.run(cmd("mkdir -p work/sub"));
            ExecResult result = sandbox.run(new ExecRequest("echo out-$PER_CMD-$SANDBOX_LEVEL; echo err >&2; pwd",
                "work/sub", Map.of("PER_CMD", "42"), Duration.ofSeconds(30), 4096));
            assertEquals(0, result.exitCode());
            assertTrue(text(result.stdout()).startsWith("out-42-yes\n"), text(result.stdout()));
            assertTrue(text(result.stdout()).trim().endsWith("/work/sub"), text(result.stdout()));
            assertEquals("err\n", text(result.stderr()));
            assertFalse(result.timedOut());
            assertFalse(result.truncated());

            RecordedCall start = standIn.calls(c -> c.is("POST", "/process.Process/Start")).get(1);
            assertEquals(sandbox.id(), start.header("E2b-Sandbox-Id"));
            assertEquals("49983", start.header("E2b-Sandbox-Port"));
            assertEquals("[present]", start.header("X-Access-Token"));
            assertEquals("30000", start.header("Connect-Timeout-Ms"));
            assertEquals("1", start.header("Connect-Protocol-Version"));
            assertEquals("application/connect+json", start.header("Content-Type"));
            assertNull(start.header("Connect-Accept-Encoding"));
            String acceptEncoding = start.header("Accept-Encoding");
            assertTrue(acceptEncoding == null || !acceptEncoding.contains("gzip"), "no gzip asked: " + acceptEncoding);
            String payload = new String(start.body(), 5, start.body().length - 5, StandardCharsets.UTF_8);
            assertTrue(payload.contains("\"args\":[\"-l\",\"-c\",\"echo out-$PER_CMD"), payload);
            assertTrue(payload.contains("\"stdin\":false"), payload);
        }
    }

    @Test
    void nonZeroExitIsAResultNotAnException() {
        try (Sandbox sandbox = backend.create(spec())) {
            ExecResult result = sandbox.run(cmd("echo partial; exit 3"));
            assertEquals(3, result.exitCode());
            assertEquals("partial\n", text(result.stdout()));
            assertFalse(result.timedOut());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Faults.DeadlineBehaviour.class, names = {"ERROR_FRAME", "END_KILLED_THEN_ERROR", "RESET"})
    void serverSideDeadlineTimesOutAndTheProcessTreeIsReallyGone(Faults.DeadlineBehaviour behaviour) throws Exception {
        standIn.faults().deadline(behaviour);
        String marker = uniqueSleep();
        try (Sandbox sandbox = backend.create(spec())) {
            ExecResult result = sandbox.run(cmd("echo begun; sleep " + marker + " & sleep " + marker + "; wait",
                Duration.ofMillis(1500), 4096));
            assertTrue(result.timedOut());
            assertEquals(-1, result.exitCode());
            assertEquals("begun\n", text(result.stdout()));
            long pid = standIn.pids(sandbox.id()).iterator().next();
            eventually("process tree killed", () -> !standIn.processTreeAlive(pid) && !anyProcessMentions(marker));
            assertTrue(result.durationMs() >= 1000 && result.durationMs() < 15_000, "duration " + result.durationMs());
        }
    }

    @Test
    void clientSideDeadlineKillsWithSendSignalWhenTheServerIgnoresTheTimeout() throws Exception {
        standIn.faults().deadline(Faults.DeadlineBehaviour.IGNORE);
        String marker = uniqueSleep();
        try (Sandbox sandbox = backend.create(spec())) {
            ExecResult result = sandbox.run(cmd("sleep " + marker, Duration.ofMillis(1000), 4096));
            assertTrue(result.timedOut());
            assertEquals(-1, result.exitCode());
            List<RecordedCall> signals = standIn.calls(c -> c.is("POST", "/process.Process/SendSignal"));
            assertEquals(1, signals.size());
            assertTrue(signals.get(0).bodyText().contains("SIGNAL_SIGKILL"), signals.get(0).bodyText());
            long pid = standIn.pids(sandbox.id()).iterator().next();
            assertTrue(signals.get(0).bodyText().contains("\"pid\":" + pid), signals.get(0).bodyText());
            eventually("process killed", () -> !standIn.processTreeAlive(pid) && !anyProcessMentions(marker));
        }
    }

    @Test
    void outputOverTheCapIsTruncatedAndTheFloodingProcessKilled() throws Exception {
        String marker = uniqueSleep();
        try (Sandbox sandbox = backend.create(spec())) {
            ExecResult result = sandbox.run(cmd("yes 0123456789; sleep " + marker, Duration.ofSeconds(60), 100_000));
            assertTrue(result.truncated());
            assertFalse(result.timedOut());
            assertEquals(100_000, result.stdout().length);
            assertTrue(text(result.stdout()).startsWith("0123456789\n0123456789\n"));
            assertTrue(result.durationMs() < 30_000, "killed at the cap, not at the timeout: " + result.durationMs());
            assertEquals(1, standIn.count("POST", "/process.Process/SendSignal"));
            assertFalse(anyProcessMentions(marker));
        }
    }

    @ParameterizedTest
    @EnumSource(Faults.Chunking.class)
    void largeBinaryOutputIsByteExactAcrossManyFramesWithKeepalivesInterleaved(Faults.Chunking chunking) throws Exception {
        standIn.faults().chunking(chunking).keepaliveBetweenData(true);
        try (Sandbox sandbox = backend.create(spec())) {
            ExecResult result = sandbox.run(cmd(
                "head -c 1500000 /dev/urandom > blob; cat blob; echo to-stderr >&2; sha256sum blob >&2",
                Duration.ofSeconds(60), 2 << 20));
            assertEquals(0, result.exitCode(), text(result.stderr()));
            assertEquals(1_500_000, result.stdout().length);
            assertFalse(result.truncated());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(result.stdout()));
            assertTrue(text(result.stderr()).startsWith("to-stderr\n" + sha), text(result.stderr()));
        }
    }

    @Test
    void binaryBytesAndAUtf8CharacterSplitAcrossEventsSurviveRaw() {
        try (Sandbox sandbox = backend.create(spec())) {
            ExecResult binary = sandbox.run(cmd("printf '\\xff\\xfeA\\n'"));
            assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x41, 0x0A}, binary.stdout());
            ExecResult split = sandbox.run(cmd("printf '\\xc3'; sleep 0.3; printf '\\xa9\\n'"));
            assertEquals("é\n", text(split.stdout()));
            assertTrue(standIn.calls(c -> c.is("POST", "/process.Process/Start")).size() >= 2);
        }
    }

    @Test
    void protocolNoiseIsTolerated() {
        standIn.faults().protocolNoise(true).chunking(Faults.Chunking.SPLIT);
        try (Sandbox sandbox = backend.create(spec())) {
            ExecResult ok = sandbox.run(cmd("echo a,b, c"));
            assertEquals(0, ok.exitCode());
            assertEquals("a,b, c\n", text(ok.stdout()));
            assertEquals(5, sandbox.run(cmd("exit 5")).exitCode());
        }
    }

    @Test
    void slowOutputAndLongSilencesWithOnlyKeepalivesDoNotTimeOut() {
        standIn.faults().keepaliveInterval(Duration.ofMillis(200));
        try (Sandbox sandbox = backend.create(spec())) {
            ExecResult result = sandbox.run(cmd("for i in 1 2 3; do echo $i; sleep 0.4; done; sleep 2; echo done",
                Duration.ofSeconds(30), 4096));
            assertEquals(0, result.exitCode());
            assertEquals("1\n2\n3\ndone\n", text(result.stdout()));
            assertFalse(result.timedOut());
        }
    }

    @Test
    void missingEndStreamIsAnErrorNotASuccess() {
        standIn.faults().onCommand("echo looks-fine", Faults.CommandFault.MISSING_END_STREAM);
        try (Sandbox sandbox = backend.create(spec())) {
            SandboxException e = assertThrows(SandboxException.class, () -> sandbox.run(cmd("echo looks-fine")));
            assertEquals(SandboxException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("end-stream"), e.getMessage());
            assertEquals(1, standIn.count("POST", "/process.Process/Start"), "data plane never retried");
        }
    }

    @Test
    void errorBeforeOutputAndABadCwdAreInvalid() {
        standIn.faults().onCommand("echo never", Faults.CommandFault.ERROR_BEFORE_OUTPUT);
        try (Sandbox sandbox = backend.create(spec())) {
            assertEquals(SandboxException.Kind.INVALID,
                assertThrows(SandboxException.class, () -> sandbox.run(cmd("echo never"))).kind());
            SandboxException cwd = assertThrows(SandboxException.class, () -> sandbox.run(
                new ExecRequest("true", "no/such/dir", Map.of(), Duration.ofSeconds(5), 100)));
            assertEquals(SandboxException.Kind.INVALID, cwd.kind());
            assertTrue(cwd.getMessage().contains("does not exist"), cwd.getMessage());
        }
    }

    @Test
    void aResetMidStreamWithTheSandboxAliveIsUnavailableAndNotRetried() throws Exception {
        String marker = uniqueSleep();
        String command = "echo first; sleep " + marker;
        standIn.faults().onCommand(command, Faults.CommandFault.RESET_AFTER_OUTPUT);
        try (Sandbox sandbox = backend.create(spec())) {
            SandboxException e = assertThrows(SandboxException.class, () -> sandbox.run(cmd(command)));
            assertEquals(SandboxException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("still alive"), e.getMessage());
            assertEquals(1, standIn.count("POST", "/process.Process/Start"));
            assertEquals(1, standIn.count("GET", "/health"));
            // the process left behind by the cut stream is killed, not left running
            assertEquals(1, standIn.count("POST", "/process.Process/SendSignal"));
            eventually("orphan killed", () -> !anyProcessMentions(marker));
        }
    }

    @Test
    void theSandboxKilledMidStreamIsNotFound() throws Exception {
        try (Sandbox sandbox = backend.create(spec())) {
            Thread killer = new Thread(() -> {
                try {
                    eventually("stream started", () -> !standIn.pids(sandbox.id()).isEmpty());
                    Thread.sleep(300);
                    standIn.expire(sandbox.id());
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.start();
            SandboxException e = assertThrows(SandboxException.class,
                () -> sandbox.run(cmd("echo up; sleep " + uniqueSleep(), Duration.ofSeconds(30), 4096)));
            killer.join();
            assertEquals(SandboxException.Kind.NOT_FOUND, e.kind());
            assertTrue(e.getMessage().contains("vanished"), e.getMessage());
            // afterwards every data-plane call is the proxy's 502 → NOT_FOUND, and nothing is retried
            standIn.clearCalls();
            assertEquals(SandboxException.Kind.NOT_FOUND,
                assertThrows(SandboxException.class, () -> sandbox.run(cmd("true"))).kind());
            SandboxException upload = assertThrows(SandboxException.class, () -> sandbox.upload("a.txt", new byte[] {1}));
            assertEquals(SandboxException.Kind.NOT_FOUND, upload.kind(), upload.getMessage());
            assertEquals(1, standIn.count("POST", "/process.Process/Start"));
            assertEquals(1, standIn.count("POST", "/files"));
        }
    }

    @Test
    void closeKillsOnceAndNeverThrows() {
        Sandbox sandbox = backend.create(spec());
        String id = sandbox.id();
        assertTrue(standIn.exists(id));
        sandbox.close();
        sandbox.close();
        assertFalse(standIn.exists(id));
        assertEquals(1, standIn.count("DELETE", "/sandboxes/" + id));
        assertEquals(SandboxException.Kind.NOT_FOUND,
            assertThrows(SandboxException.class, () -> sandbox.run(cmd("true"))).kind());

        Sandbox expired = backend.create(spec());
        standIn.expire(expired.id());
        expired.close(); // 404 from E2B: already gone, no exception
        assertEquals(1, standIn.count("DELETE", "/sandboxes/" + expired.id()));
    }
}
