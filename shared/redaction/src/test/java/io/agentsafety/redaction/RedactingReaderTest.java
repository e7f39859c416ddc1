package io.agentsafety.redaction;

import io.agentsafety.testing.PlantedSecrets;
import io.agentsafety.testing.PlantedSecrets.Planted;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RedactingReader} hands out exactly the one-shot result (text and findings) whatever the read sizes, in
 * bounded memory, and closes like a reader.
 */
class RedactingReaderTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    /** The writer's first cut is at the last line end before this many characters. */
    private static final int FIRST_LIMIT = RedactingWriter.MAX_BUFFERED - RedactingWriter.HOLDBACK;
    private static final String PASSWORD = "Hq7!mZ2pLx9rTw";

    /**
     * About {@code size} characters of log with every planted secret many times over (also right around the
     * writer's first cut), a PEM block, a password named once and repeated bare far later, and non-ASCII text.
     */
    static String corpus(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder(size + 8192);
        b.append("INFO start\nDEBUG login password=").append(PASSWORD).append(" ok\n");
        int line = 0;
        while (b.length() < size) {
            line++;
            b.append("2026-12-06T17:").append(line % 60).append(":00Z INFO worker-").append(line % 7)
                .append(" café batch ").append(line).append(" in ").append(random.nextInt(900)).append("ms — ok 中文\n");
            if (random.nextInt(25) == 0) {
                Planted p = PlantedSecrets.ALL.get(random.nextInt(PlantedSecrets.ALL.size()));
                b.append("DEBUG sending ").append(p.text()).append(" to upstream\n");
            }
            if (line == 700) {
                b.append("-----BEGIN RSA PRIVATE KEY-----\n");
                for (int i = 0; i < 40; i++) {
                    b.append(base64Line(random)).append('\n');
                }
                b.append("-----END RSA PRIVATE KEY-----\n");
            }
        }
        b.append("WARN retry with ").append(PASSWORD).append(" from cache\n");
        return b.toString();
    }

    private static String base64Line(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Reads {@code reader} to its end in reads of the sizes {@code sizes} hands out, and closes it. */
    static String drain(Reader reader, IntSupplier sizes) throws IOException {
        StringBuilder out = new StringBuilder();
        try (reader) {
            char[] buffer = new char[1 << 18];
            int n;
            while ((n = reader.read(buffer, 0, sizes.getAsInt())) >= 0) {
                assertTrue(n > 0, "a read of at least one character returned 0");
                out.append(buffer, 0, n);
            }
        }
        return out.toString();
    }

    /** A source that answers each read with a random count of characters (1 to 20,000, at most the ask). */
    static Reader choppy(String text, Random random) {
        return new Reader() {
            private int pos;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (pos == text.length()) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + random.nextInt(random.nextBoolean() ? 16 : 20_000)), text.length() - pos);
                text.getChars(pos, pos + n, cbuf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    private static void assertOneShot(String text, RedactingReader reader, String output, String what) {
        RedactionResult once = REDACTOR.redact(text);
        assertEquals(once.redacted(), output, what);
        assertEquals(once.findings(), reader.findings(), what + ": findings");
        PlantedSecrets.assertNoneIn(output, what);
    }

    @Test
    void everyReadSizeFromOneToTwoHundredGivesTheOneShotResult() throws IOException {
        String text = corpus(200_000, 1);
        RedactionResult once = REDACTOR.redact(text);
        assertTrue(once.count() > 50, "the corpus carries secrets: " + once.count());
        assertFalse(once.redacted().contains(PASSWORD), "the bare repeat of the password goes too");
        for (int size = 1; size <= 200; size++) {
            int n = size;
            RedactingReader reader = new RedactingReader(new StringReader(text), REDACTOR);
            String out = drain(reader, () -> n);
            assertEquals(once.redacted(), out, "read size " + size);
            assertEquals(once.findings(), reader.findings(), "read size " + size);
        }
        for (int size : new int[] {1000, 4095, 8191, 8192, 8193, 65_536, 100_003, 1 << 18}) {
            int n = size;
            RedactingReader reader = new RedactingReader(new StringReader(text), REDACTOR);
            assertOneShot(text, reader, drain(reader, () -> n), "read size " + size);
        }
    }

    @Test
    void randomReadSizesOnBothSidesGiveTheOneShotResult() throws IOException {
        for (long seed = 1; seed <= 12; seed++) {
            String text = corpus(150_000 + (int) seed * 23_000, seed);
            Random random = new Random(seed * 7919);
            RedactingReader reader = new RedactingReader(choppy(text, random), REDACTOR);
            String out = drain(reader, () -> 1 + random.nextInt(random.nextBoolean() ? 8 : 70_000));
            assertOneShot(text, reader, out, "seed " + seed);
        }
    }

    @Test
    void aSecretAtEveryOffsetAroundTheFirstCutIsRedactedAsOneShot() throws IOException {
        // the writer first cuts near FIRST_LIMIT: at a line end, else at a space, else (no whitespace at all) right
        // at the limit, moved back before a finding that straddles it. Slide each planted secret across that point
        // in each of the three shapes; one character at a time where the cut can fall inside it.
        int length = RedactingWriter.MAX_BUFFERED + 2_000;
        String lines = StreamingRedactionTest.corpus(length).text();
        String words = "lorem ipsum dolor sit amet ".repeat(length / 27 + 1);
        String solid = "abcdefghij".repeat(length / 10 + 1);
        for (String filler : List.of(lines, words, solid)) {
            for (Planted planted : PlantedSecrets.ALL) {
                String secret = (filler == solid ? "," : " ") + planted.text() + (filler == solid ? "," : " ");
                int step = filler == solid && planted == PlantedSecrets.GITHUB_PAT ? 1 : 9;
                for (int at = FIRST_LIMIT - secret.length() - 12; at < FIRST_LIMIT + 12; at += step) {
                    String text = filler.substring(0, at) + secret + filler.substring(at);
                    RedactingReader reader = new RedactingReader(new StringReader(text), REDACTOR);
                    String out = drain(reader, () -> 4096);
                    String what = planted + " at " + at + (filler == lines ? " (lines)" : filler == words ? " (words)" : " (solid)");
                    PlantedSecrets.assertAbsent(planted, out, what);
                    assertEquals(REDACTOR.redact(text).redacted(), out, what);
                }
            }
        }
    }

    @Test
    void aValueFoundOnceIsRemovedEverywhereLaterInTheStream() throws IOException {
        StringBuilder b = new StringBuilder("DEBUG client_secret=" + PASSWORD + "Zk4\n");
        while (b.length() < 5 * RedactingWriter.MAX_BUFFERED) {
            b.append("2026-12-06T17:00:00Z INFO worker processed batch in 12ms\n");
        }
        b.append("WARN retry with ").append(PASSWORD).append("Zk4 from cache\n");
        String text = b.toString();
        RedactingReader reader = new RedactingReader(new StringReader(text), REDACTOR);
        String out = drain(reader, () -> 777);
        assertFalse(out.contains(PASSWORD), "an occurrence survived");
        assertTrue(out.endsWith("WARN retry with [REDACTED:" + reader.findings().get(0).kind() + "] from cache\n"),
            out.substring(out.length() - 80));
        assertEquals(2, reader.findingCount());
        assertOneShot(text, reader, out, "every occurrence");
    }

    @Test
    void knownValuesOfTheStreamsOptionsAreRemoved() throws IOException {
        String value = "s3cr3t-deploy-value-91";
        String text = "line one\nDEPLOY uses " + value + " here\n";
        RedactionOptions options = new RedactionOptions(List.of(), Map.of("DEPLOY_TOKEN", value), null, List.of());
        RedactingReader reader = new RedactingReader(new StringReader(text), REDACTOR, options);
        String out = drain(reader, () -> 3);
        assertFalse(out.contains(value), out);
        assertEquals(REDACTOR.redact(text, options).redacted(), out);
    }

    @Test
    void aFiftyMegabyteLineIsReadInBoundedMemory() throws IOException {
        // 50 MB without a newline, a secret every ~64 KiB: what the reader holds never grows with the input
        String words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";
        StringBuilder unit = new StringBuilder();
        while (unit.length() < 64 * 1024) {
            unit.append(words);
        }
        String block = unit + PlantedSecrets.GITHUB_PAT.text() + " ";
        long total = 50L << 20;
        Reader endless = new Reader() {
            private long left = total;
            private int pos;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, left), block.length() - pos);
                block.getChars(pos, pos + n, cbuf, off);
                pos = (pos + n) % block.length();
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        RedactingReader reader = new RedactingReader(endless, REDACTOR);
        char[] buffer = new char[8192];
        int maxSource = 0;
        int maxOutput = 0;
        long read = 0;
        String secret = PlantedSecrets.GITHUB_PAT.secret();
        String carry = "";
        int n;
        while ((n = reader.read(buffer)) >= 0) {
            maxSource = Math.max(maxSource, reader.heldSource());
            maxOutput = Math.max(maxOutput, reader.heldOutput() + n);
            read += n;
            // the secret must not show up, not even split between two reads
            String window = carry + new String(buffer, 0, n);
            assertFalse(window.contains(secret), "the secret leaked near character " + read);
            carry = window.substring(Math.max(0, window.length() - secret.length()));
        }
        reader.close();
        long planted = total / block.length();
        assertTrue(reader.findingCount() >= planted, reader.findingCount() + " findings for " + planted + " secrets");
        assertTrue(maxSource <= RedactingWriter.MAX_BUFFERED, "held source " + maxSource);
        assertTrue(maxOutput <= RedactingWriter.MAX_BUFFERED + RedactingReader.PULL, "held output " + maxOutput);
        assertTrue(read > total - planted * secret.length(), "read " + read);
    }

    @Test
    void emptyAndZeroLengthReads() throws IOException {
        RedactingReader empty = new RedactingReader(new StringReader(""), REDACTOR);
        assertEquals(0, empty.read(new char[4], 0, 0));
        assertEquals(-1, empty.read(new char[4], 0, 4));
        assertEquals(-1, empty.read());
        assertEquals(0, empty.findingCount());
        RedactingReader one = new RedactingReader(new StringReader("x"), REDACTOR);
        assertEquals('x', one.read());
        assertEquals(-1, one.read());
        assertThrows(IndexOutOfBoundsException.class, () -> one.read(new char[4], 3, 2));
    }

    @Test
    void closeClosesTheSourceAndLaterReadsFail() throws IOException {
        ClosingSource source = new ClosingSource(corpus(200_000, 3));
        RedactingReader reader = new RedactingReader(source, REDACTOR);
        assertTrue(reader.read(new char[100]) > 0);
        reader.close();
        assertTrue(source.closed, "the source was not closed");
        assertThrows(IOException.class, () -> reader.read(new char[10]));
        assertThrows(IOException.class, reader::read);
        assertThrows(IOException.class, reader::ready);
        reader.close(); // twice is harmless
        assertEquals(1, source.closes);

        ClosingSource untouched = new ClosingSource("token=" + PlantedSecrets.GITHUB_PAT.text());
        new RedactingReader(untouched, REDACTOR).close();
        assertTrue(untouched.closed);
        assertEquals(0, untouched.reads, "closing before reading read the source");
    }

    @Test
    void aFailingSourceFailsTheRead() {
        Reader broken = new Reader() {
            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("pipe broke");
            }

            @Override
            public void close() {
            }
        };
        IOException e = assertThrows(IOException.class, () -> new RedactingReader(broken, REDACTOR).read());
        assertEquals("pipe broke", e.getMessage());
    }

    static final class ClosingSource extends Reader {
        private final StringReader text;
        boolean closed;
        int closes;
        int reads;

        ClosingSource(String text) {
            this.text = new StringReader(text);
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            reads++;
            return text.read(cbuf, off, len);
        }

        @Override
        public void close() {
            closed = true;
            closes++;
        }
    }
}
