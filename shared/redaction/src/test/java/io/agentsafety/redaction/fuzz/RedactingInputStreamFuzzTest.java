package io.agentsafety.redaction.fuzz;

import io.agentsafety.testing.fuzz.FuzzBounds;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentsafety.redaction.RedactingInputStream;
import io.agentsafety.redaction.RedactionResult;
import io.agentsafety.redaction.Redactor;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pull side of streaming redaction gives the one-shot result: any bytes (malformed UTF-8 included) are placed in
 * benign filler across the first cut (as in {@link StreamingRedactionFuzzTest}), handed to a
 * {@link RedactingInputStream} by a source whose reads end on fuzzer-chosen byte boundaries and read back in
 * fuzzer-chosen sizes: the bytes out must be the UTF-8 of {@code Redactor.redact(new String(bytes, UTF_8))}, and the
 * findings the same.
 *
 * <p>Input layout: bytes 0-1 the filler length before the snippet (50,000 + the value mod 40,000 characters), byte 2
 * the filler's shape, byte 3 the source's read sizes, byte 4 the caller's read sizes, the rest the snippet's bytes
 * (not decoded: the stream decodes them).
 */
class RedactingInputStreamFuzzTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final int[] SOURCE_READS = {1, 2, 3, 5, 4096, 8191, 100_003};
    private static final int[] CALLER_READS = {1, 7, 1000, 8192, 65_536};
    /** The writer's buffer (RedactingWriter.MAX_BUFFERED): it first cuts when it holds this many characters. */
    private static final int FIRST_CUT_AFTER = 88_064;

    @FuzzTest(maxDuration = "10s")
    @Timeout(FuzzBounds.HANG_SECONDS)
    void streamedBytesEqualOneShot(byte[] data) throws IOException {
        if (data.length < 5) {
            return;
        }
        int before = 50_000 + (((data[0] & 0xFF) << 8) | (data[1] & 0xFF)) % 40_000;
        int shape = (data[2] & 0xFF) % 3;
        byte[] snippet = Arrays.copyOfRange(data, 5, data.length);
        int after = Math.max(1_000, FIRST_CUT_AFTER + 2_000 - before - snippet.length);
        ByteArrayOutputStream whole = new ByteArrayOutputStream(before + snippet.length + after);
        whole.writeBytes(StreamingRedactionFuzzTest.filler(before, shape, 0).getBytes(StandardCharsets.UTF_8));
        whole.writeBytes(snippet);
        whole.writeBytes(StreamingRedactionFuzzTest.filler(after, shape, before).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = whole.toByteArray();

        RedactionResult expected = FuzzBounds.withinTimeBound("redact",
            () -> REDACTOR.redact(new String(bytes, StandardCharsets.UTF_8)));
        RedactingInputStream in = new RedactingInputStream(new Chopped(bytes, data[3] & 0xFF), REDACTOR);
        byte[] out = FuzzBounds.withinTimeBound("stream", () -> {
            ByteArrayOutputStream sink = new ByteArrayOutputStream(bytes.length);
            byte[] buffer = new byte[CALLER_READS[CALLER_READS.length - 1]];
            try (in) {
                for (int k = data[4] & 0xFF; ; k++) {
                    int n = in.read(buffer, 0, CALLER_READS[k % CALLER_READS.length]);
                    if (n < 0) {
                        break;
                    }
                    sink.write(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sink.toByteArray();
        });
        assertArrayEquals(expected.redacted().getBytes(StandardCharsets.UTF_8), out, "streamed bytes differ from one-shot");
        assertEquals(expected.findings(), in.findings(), "streamed findings differ from one-shot");
    }

    /** The bytes in reads whose sizes cycle through {@link #SOURCE_READS} from a fuzzer-chosen start. */
    private static final class Chopped extends InputStream {
        private final byte[] bytes;
        private int pos;
        private int k;

        Chopped(byte[] bytes, int start) {
            this.bytes = bytes;
            this.k = start;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, SOURCE_READS[k++ % SOURCE_READS.length]), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
