package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.testing.e2b.RecordedCall;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files through the real backend against the stand-in: binary-safe both ways, caps, envd errors. */
class E2bFilesTest extends StandInFixture {

    private static byte[] everyByte(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        for (int i = 0; i < 256 && i < size; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void binaryRoundTripThroughTheSandboxIsByteExact() {
        byte[] content = everyByte(300_000);
        try (Sandbox sandbox = backend.create(spec())) {
            sandbox.upload("in/data.bin", content);
            ExecResult copy = sandbox.run(cmd("cp in/data.bin out.bin && wc -c < out.bin"));
            assertEquals("300000", new String(copy.stdout(), StandardCharsets.UTF_8).trim());
            assertArrayEquals(content, sandbox.download("out.bin", 300_000));
            byte[] crlf = "a\r\nb\r\n--boundary\r\n\u0000".getBytes(StandardCharsets.ISO_8859_1);
            sandbox.upload("crlf.txt", crlf);
            assertArrayEquals(crlf, sandbox.download("crlf.txt", 1000));
            sandbox.upload("empty", new byte[0]);
            assertArrayEquals(new byte[0], sandbox.download("empty", 0));

            RecordedCall upload = standIn.calls(c -> c.is("POST", "/files")).get(0);
            assertEquals("[present]", upload.header("X-Access-Token"));
            assertEquals(sandbox.id(), upload.header("E2b-Sandbox-Id"));
            assertTrue(upload.query().contains("path=in%2Fdata.bin"), upload.query());
            assertTrue(upload.header("Content-Type").startsWith("multipart/form-data"), upload.header("Content-Type"));
            RecordedCall download = standIn.calls(c -> c.is("GET", "/files")).get(0);
            String acceptEncoding = download.header("Accept-Encoding");
            assertTrue(acceptEncoding == null || !acceptEncoding.contains("gzip"), "no gzip asked: " + acceptEncoding);
            assertNull(download.header("Authorization"));
        }
    }

    @Test
    void sizeCapsAreEnforcedBothWays() {
        E2bBackend small = new E2bBackend(backend.config().withMaxUploadBytes(1000));
        try (Sandbox sandbox = small.create(spec())) {
            SandboxException tooBig = assertThrows(SandboxException.class, () -> sandbox.upload("big", new byte[1001]));
            assertEquals(SandboxException.Kind.TOO_LARGE, tooBig.kind());
            assertEquals(0, standIn.count("POST", "/files"), "refused before sending");
            sandbox.upload("ok", new byte[1000]);
            sandbox.run(cmd("head -c 5000000 /dev/zero > huge"));
            SandboxException download = assertThrows(SandboxException.class, () -> sandbox.download("huge", 4_999_999));
            assertEquals(SandboxException.Kind.TOO_LARGE, download.kind());
            assertEquals(5_000_000, sandbox.download("huge", 5_000_000).length);
        } finally {
            small.close();
        }
    }

    @Test
    void diskFullMissingFilesAndDirectoriesMapToKinds() {
        try (Sandbox sandbox = backend.create(spec())) {
            standIn.faults().diskFull(true);
            SandboxException full = assertThrows(SandboxException.class, () -> sandbox.upload("x", new byte[] {1}));
            assertEquals(SandboxException.Kind.TOO_LARGE, full.kind());
            assertTrue(full.getMessage().contains("disk is full"), full.getMessage());
            assertEquals(1, standIn.count("POST", "/files"), "data plane never retried");
            standIn.faults().diskFull(false);

            assertEquals(SandboxException.Kind.INVALID,
                assertThrows(SandboxException.class, () -> sandbox.download("missing.txt", 100)).kind());
            sandbox.run(cmd("mkdir adir"));
            assertEquals(SandboxException.Kind.INVALID,
                assertThrows(SandboxException.class, () -> sandbox.download("adir", 100)).kind());
            assertEquals(SandboxException.Kind.INVALID,
                assertThrows(SandboxException.class, () -> sandbox.upload("", new byte[1])).kind());
        }
    }
}
