package io.agentsafety.redaction.fuzz;

import io.agentsafety.testing.fuzz.FuzzBounds;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentsafety.redaction.RedactingWriter;
import io.agentsafety.redaction.RedactionResult;
import io.agentsafety.redaction.Redactor;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Streaming redaction gives the one-shot result. The writer only cuts once it holds 86 KiB, so a short fuzzer input
 * is placed inside benign filler at a fuzzer-chosen offset (before, across or after the first cut point) and
 * written in fuzzer-chosen pieces (1 character to more than the buffer): the output and the findings must equal
 * {@link Redactor#redact(String)} of the same text.
 *
 * <p>Input layout: bytes 0-1 the filler length before the snippet (50,000 + the value mod 40,000 characters), byte 2 the filler's shape (log
 * lines, one line of words, no whitespace at all), byte 3 the write sizes, the rest the snippet.
 */
class StreamingRedactionFuzzTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final int[] PIECES = {1, 7, 1000, 4096, 8191, 65_536, 100_003};
    /** The writer first cuts when it holds CHUNK + HOLDBACK + CONTEXT = 88,064 characters, about 67,500 in. */
    private static final int FIRST_CUT_AFTER = 88_064;

    @FuzzTest(maxDuration = "10s")
    @Timeout(FuzzBounds.HANG_SECONDS)
    void streamedOutputEqualsOneShot(byte[] data) throws IOException {
        if (data.length < 4) {
            return;
        }
        int before = 50_000 + (((data[0] & 0xFF) << 8) | (data[1] & 0xFF)) % 40_000;
        int shape = (data[2] & 0xFF) % 3;
        String snippet = FuzzBounds.text(Arrays.copyOfRange(data, 4, data.length));
        // past the first cut by a little: one cut and the final flush, at the least text per input
        int after = Math.max(1_000, FIRST_CUT_AFTER + 2_000 - before - snippet.length());
        String text = filler(before, shape, 0) + snippet + filler(after, shape, before);

        RedactionResult expected = FuzzBounds.withinTimeBound("redact", () -> REDACTOR.redact(text));
        StringWriter sink = new StringWriter();
        RedactingWriter writer = new RedactingWriter(sink, REDACTOR);
        FuzzBounds.withinTimeBound("stream", () -> {
            try {
                int piece = data[3] & 0xFF;
                for (int pos = 0; pos < text.length(); piece++) {
                    int n = Math.min(PIECES[piece % PIECES.length], text.length() - pos);
                    writer.write(text, pos, n);
                    pos += n;
                }
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        assertEquals(expected.redacted(), sink.toString(), "streamed output differs from one-shot");
        assertEquals(expected.findings(), writer.findings(), "streamed findings differ from one-shot");
    }

    /** {@code length} characters of text no detector flags, in one of three shapes. */
    static String filler(int length, int shape, int seed) {
        StringBuilder b = new StringBuilder(length + 64);
        int i = seed;
        while (b.length() < length) {
            i++;
            switch (shape) {
                case 0 -> b.append("2026-12-06T06:").append(i % 60).append(":00Z INFO worker-").append(i % 7)
                    .append(" processed batch ").append(i).append(" in ").append(i % 97).append("ms\n");
                case 1 -> b.append("lorem ipsum dolor sit amet ").append(i % 1000).append(' ');
                default -> b.append("abcdefghij");
            }
        }
        b.setLength(length);
        return b.toString();
    }
}
