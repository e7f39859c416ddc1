package io.agentsafety.redaction;

import io.agentsafety.testing.PlantedSecrets;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RedactingInputStream}: UTF-8 in, redacted UTF-8 out, the one-shot result of the decoded text whatever
 * byte boundaries the source's reads fall on, malformed input replaced rather than fatal.
 */
class RedactingInputStreamTest {

    private static final Redactor REDACTOR = Redactor.builtIn();

    /** Bytes of {@code data} handed out in reads of the sizes {@code sizes} gives (at most what is asked). */
    static InputStream chopped(byte[] data, IntSupplier sizes) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, Math.max(1, sizes.getAsInt())), data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    static byte[] drain(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            byte[] buffer = new byte[readSize];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                assertTrue(n > 0, "a read of at least one byte returned 0");
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** What one-shot redaction makes of the same bytes: decoded as {@code new String} does (U+FFFD for bad input). */
    static byte[] oneShot(byte[] data) {
        return REDACTOR.redact(new String(data, StandardCharsets.UTF_8)).redacted().getBytes(StandardCharsets.UTF_8);
    }

    private static String multiByteText() {
        return "café 中文 😀 naïve → ok\nDEBUG token " + PlantedSecrets.GITHUB_PAT.text() + " 😀😀\n"
            + "Ünïcödé " + PlantedSecrets.PASSWORD_PAIR.text() + " ∑ 𝄞 end\n" + PlantedSecrets.JWT.text() + " ✓\n";
    }

    @Test
    void aCharacterSplitAtEveryByteBoundaryIsDecodedWhole() throws IOException {
        byte[] data = multiByteText().getBytes(StandardCharsets.UTF_8);
        byte[] expected = oneShot(data);
        assertFalse(new String(expected, StandardCharsets.UTF_8).contains("\uFFFD"));
        for (int split = 0; split <= data.length; split++) {
            int first = split;
            boolean[] firstRead = {true};
            InputStream source = chopped(data, () -> {
                if (firstRead[0]) {
                    firstRead[0] = false;
                    return Math.max(1, first);
                }
                return Integer.MAX_VALUE;
            });
            assertArrayEquals(expected, drain(new RedactingInputStream(source, REDACTOR), 1 + split % 5),
                "split at byte " + split);
        }
    }

    @Test
    void everySmallReadSizeOfALongMultiByteStreamGivesTheOneShotResult() throws IOException {
        // longer than the writer's buffer, so it cuts; reads of 1..7 bytes put every boundary inside every character
        String text = RedactingReaderTest.corpus(150_000, 5) + multiByteText().repeat(50);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] expected = oneShot(data);
        for (int size = 1; size <= 7; size++) {
            int n = size;
            RedactingInputStream in = new RedactingInputStream(chopped(data, () -> n), REDACTOR);
            byte[] out = drain(in, 1 + 3 * size);
            assertArrayEquals(expected, out, "source reads of " + size + " bytes");
            assertEquals(REDACTOR.redact(text).findings(), in.findings(), "findings, reads of " + size);
            PlantedSecrets.assertNoneIn(new String(out, StandardCharsets.UTF_8), "reads of " + size);
        }
        Random random = new Random(11);
        RedactingInputStream in = new RedactingInputStream(chopped(data, () -> 1 + random.nextInt(30_000)), REDACTOR);
        assertArrayEquals(expected, drain(in, 4093), "random source reads");
    }

    @Test
    void aSurrogatePairTheWriterCutsThroughIsEncodedWhole() throws IOException {
        // one long "word" of astral characters: the writer cuts where its limit falls, which the odd prefix
        // puts between the two halves of a pair; the halves must still come out as one 4-byte character
        for (String prefix : new String[] {"", "x"}) {
            String text = prefix + "😀".repeat(150_000) + " token " + PlantedSecrets.GITHUB_PAT.text();
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            byte[] out = drain(new RedactingInputStream(new ByteArrayInputStream(data), REDACTOR), 8192);
            assertArrayEquals(oneShot(data), out, "prefix '" + prefix + "'");
            assertFalse(new String(out, StandardCharsets.UTF_8).contains("?"), "a pair was split into two halves");
        }
    }

    @Test
    void malformedAndTruncatedInputBecomesReplacementCharacters() throws IOException {
        Random random = new Random(3);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 4000; i++) {
            if (i % 97 == 0) {
                b.writeBytes((" " + PlantedSecrets.AWS_KEY.text() + " ").getBytes(StandardCharsets.UTF_8));
            } else if (random.nextInt(4) == 0) {
                byte[] noise = new byte[1 + random.nextInt(6)];
                random.nextBytes(noise);
                b.writeBytes(noise);
            } else {
                b.writeBytes("log line é 中\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        b.writeBytes(new byte[] {(byte) 0xE4, (byte) 0xB8}); // the first two bytes of 中, then the end
        byte[] data = b.toByteArray();
        byte[] expected = oneShot(data);
        for (int size : new int[] {1, 2, 3, 5, 8192}) {
            int n = size;
            byte[] out = drain(new RedactingInputStream(chopped(data, () -> n), REDACTOR), 1000);
            assertArrayEquals(expected, out, "reads of " + size);
            String text = new String(out, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\uFFFD"), "the cut character became U+FFFD");
            PlantedSecrets.assertAbsent(PlantedSecrets.AWS_KEY, text, "noisy stream");
        }
    }

    @Test
    void fiftyMegabytesWithoutANewlineAreReadInBoundedMemory() throws IOException {
        byte[] unit = ("lorem ipsum dolor sit amet — café 中文 ".repeat(1600) + PlantedSecrets.STRIPE_KEY.text() + " ")
            .getBytes(StandardCharsets.UTF_8);
        long total = 50L << 20;
        InputStream endless = new InputStream() {
            private long left = total;
            private int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException("read in blocks");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, left), unit.length - pos);
                System.arraycopy(unit, pos, b, off, n);
                pos = (pos + n) % unit.length;
                left -= n;
                return n;
            }
        };
        RedactingInputStream in = new RedactingInputStream(endless, REDACTOR);
        byte[] secret = PlantedSecrets.STRIPE_KEY.secret().getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[16 * 1024];
        int maxSource = 0;
        int maxOutput = 0;
        long bytesOut = 0;
        String carry = "";
        int n;
        while ((n = in.read(buffer)) >= 0) {
            maxSource = Math.max(maxSource, in.reader().heldSource());
            maxOutput = Math.max(maxOutput, in.reader().heldOutput());
            bytesOut += n;
            String window = carry + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            assertFalse(window.contains(new String(secret, StandardCharsets.ISO_8859_1)), "leak near byte " + bytesOut);
            carry = window.substring(Math.max(0, window.length() - secret.length));
        }
        in.close();
        long planted = total / unit.length;
        assertTrue(in.findingCount() >= planted, in.findingCount() + " findings for " + planted + " planted");
        assertTrue(maxSource <= RedactingWriter.MAX_BUFFERED, "held source characters " + maxSource);
        assertTrue(maxOutput <= RedactingWriter.MAX_BUFFERED + RedactingReader.PULL, "held output characters " + maxOutput);
        assertTrue(bytesOut > total - planted * secret.length, "bytes out " + bytesOut);
    }

    @Test
    void closeClosesTheSourceAndLaterReadsFail() throws IOException {
        boolean[] closed = {false};
        InputStream source = new ByteArrayInputStream(multiByteText().getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        RedactingInputStream in = new RedactingInputStream(source, REDACTOR);
        assertTrue(in.read() >= 0);
        in.close();
        assertTrue(closed[0], "the source was not closed");
        assertThrows(IOException.class, in::read);
        assertThrows(IOException.class, () -> in.read(new byte[10], 0, 10));
        assertThrows(IOException.class, in::available);
        in.close();
    }

    @Test
    void emptySourceAndZeroLengthReads() throws IOException {
        RedactingInputStream in = new RedactingInputStream(new ByteArrayInputStream(new byte[0]), REDACTOR);
        assertEquals(0, in.read(new byte[3], 0, 0));
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(new byte[3]));
        assertEquals(0, in.available());
    }
}
