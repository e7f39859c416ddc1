package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectEnvelopesTest {

    private static byte[] frame(int flags, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
    }

    /** The recorded stream of §5.1, byte for byte. */
    private static byte[] recordedStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(frame(0, "{\"event\":{\"start\":{\"pid\":1234}}}"));
        out.writeBytes(frame(0, "{\"event\":{\"data\":{\"stdout\":\"aGkK\"}}}"));
        out.writeBytes(frame(0, "{\"event\":{\"end\":{\"exited\":true,\"status\":\"exit status 0\"}}}"));
        out.writeBytes(frame(2, "{}"));
        return out.toByteArray();
    }

    @Test
    void encodesTheRecordedRequestHeader() {
        byte[] payload = "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"echo hi\"]},\"stdin\":false}"
            .getBytes(StandardCharsets.UTF_8);
        byte[] envelope = ConnectEnvelopes.encode(payload);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0x4A}, Arrays.copyOf(envelope, 5));
        assertEquals(74, payload.length);
    }

    @Test
    void everySplitPointGivesTheSameEnvelopes() {
        byte[] stream = recordedStream();
        for (int cut1 = 0; cut1 <= stream.length; cut1++) {
            for (int cut2 = cut1; cut2 <= stream.length; cut2 += 7) {
                List<ConnectEnvelopes.Envelope> seen = new ArrayList<>();
                ConnectEnvelopes.Reader reader = new ConnectEnvelopes.Reader(seen::add);
                reader.feed(Arrays.copyOfRange(stream, 0, cut1));
                reader.feed(Arrays.copyOfRange(stream, cut1, cut2));
                reader.feed(Arrays.copyOfRange(stream, cut2, stream.length));
                assertEquals(4, seen.size(), "cuts " + cut1 + "/" + cut2);
                assertTrue(seen.get(3).endStream());
                assertEquals("{\"event\":{\"data\":{\"stdout\":\"aGkK\"}}}", new String(seen.get(1).payload(), StandardCharsets.UTF_8));
                assertTrue(reader.ended());
                assertEquals(0, reader.leftover());
            }
        }
    }

    @Test
    void aCutStreamLeavesAPartialEnvelopeAndNoEnd() {
        byte[] stream = recordedStream();
        List<ConnectEnvelopes.Envelope> seen = new ArrayList<>();
        ConnectEnvelopes.Reader reader = new ConnectEnvelopes.Reader(seen::add);
        reader.feed(Arrays.copyOf(stream, 50));
        assertFalse(reader.ended());
        assertEquals(1, seen.size());
        assertEquals(50 - 37, reader.leftover());
    }

    @Test
    void protocolViolationsAreErrors() {
        assertThrows(SandboxException.class, () -> new ConnectEnvelopes.Reader(e -> { }).feed(frame(0x01, "{}")));
        assertThrows(SandboxException.class, () -> new ConnectEnvelopes.Reader(e -> { }).feed(frame(0x80, "{}")));
        byte[] huge = {0, 0x7F, 0, 0, 0};
        assertThrows(SandboxException.class, () -> new ConnectEnvelopes.Reader(e -> { }).feed(huge));
        ConnectEnvelopes.Reader reader = new ConnectEnvelopes.Reader(e -> { });
        reader.feed(frame(2, "{}"));
        assertThrows(SandboxException.class, () -> reader.feed(frame(0, "{}")));
        byte[] trailing = new byte[12];
        System.arraycopy(frame(2, "{}"), 0, trailing, 0, 7);
        assertThrows(SandboxException.class, () -> new ConnectEnvelopes.Reader(e -> { }).feed(trailing));
    }

    @Test
    void theProcessReaderFollowsTheEventRules() {
        List<Long> pids = new ArrayList<>();
        ProcessStreamReader reader = new ProcessStreamReader(3, pids::add, () -> { });
        ConnectEnvelopes.Reader envelopes = new ConnectEnvelopes.Reader(reader::accept);
        envelopes.feed(frame(0, "{\"event\":{\"start\":{\"pid\":77}}}"));
        envelopes.feed(frame(0, "{\"event\":{\"keepalive\":{}}, \"unknown\":[1, 2]}"));
        envelopes.feed(frame(0, "{\"event\":{\"data\":{\"stdout\":\"//5BCg==\"}}}"));
        envelopes.feed(frame(0, "{\"event\":{\"data\":{\"stderr\":\"w6k\"}}}"));
        envelopes.feed(frame(0, "{\"event\":{\"end\":{\"exitCode\":2, \"exited\":true,\"status\":\"exit status 2\"}}}"));
        envelopes.feed(frame(2, "{}"));
        assertEquals(List.of(77L), pids);
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x41}, reader.stdout());
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9}, reader.stderr(), "unpadded base64 accepted");
        assertTrue(reader.truncated());
        assertEquals(2, reader.end().exitCode());
        assertTrue(reader.endStream());

        ProcessStreamReader zero = new ProcessStreamReader(10, p -> { }, () -> { });
        zero.accept(new ConnectEnvelopes.Envelope(0, "{\"event\":{\"start\":{\"pid\":1}}}".getBytes(StandardCharsets.UTF_8)));
        zero.accept(new ConnectEnvelopes.Envelope(0, "{\"event\":{\"end\":{\"exited\":true}}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, zero.end().exitCode(), "a missing exitCode is 0");

        ProcessStreamReader noStart = new ProcessStreamReader(10, p -> { }, () -> { });
        assertThrows(SandboxException.class, () -> noStart.accept(new ConnectEnvelopes.Envelope(0,
            "{\"event\":{\"data\":{\"stdout\":\"aGkK\"}}}".getBytes(StandardCharsets.UTF_8))));

        ProcessStreamReader error = new ProcessStreamReader(10, p -> { }, () -> { });
        error.accept(new ConnectEnvelopes.Envelope(2,
            "{\"error\":{\"code\":\"invalid_argument\",\"message\":\"cwd '/nope' does not exist\"}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("invalid_argument", error.errorCode());
        assertEquals(SandboxException.Kind.INVALID,
            E2bErrors.endStream("run", error.errorCode(), error.errorMessage()).kind());
    }
}
