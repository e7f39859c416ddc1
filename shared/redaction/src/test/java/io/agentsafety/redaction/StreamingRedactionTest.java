package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming writer gives the same result as whole-text redaction, whatever the chunking. */
class StreamingRedactionTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final Random RANDOM = new Random(42);

    private static String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String B64 = ALNUM + "+/";

    /** A log of about {@code size} chars with secrets of several shapes (incl. a large PEM block) spread through it. */
    static Corpus corpus(int size) {
        StringBuilder text = new StringBuilder();
        List<String> secrets = new ArrayList<>();
        int line = 0;
        while (text.length() < size) {
            line++;
            text.append("2025-06-01T12:00:").append(line % 60).append("Z INFO worker-").append(line % 7)
                .append(" processed batch ").append(line).append(" in ").append(line % 97).append("ms\n");
            if (line % 40 == 0) {
                String token = "ghp_" + random(ALNUM, 36);
                secrets.add(token);
                text.append("DEBUG git auth token=").append(token).append('\n');
            }
            if (line % 97 == 0) {
                String key = "sk-ant-api03-" + random(ALNUM, 93) + "AA";
                secrets.add(key);
                text.append("{\"headers\":{\"x-api-key\":\"").append(key).append("\"}}\n");
            }
            if (line % 301 == 0) {
                StringBuilder pem = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\n");
                List<String> body = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String l = random(B64, 64);
                    body.add(l);
                    pem.append(l).append('\n');
                }
                pem.append("-----END RSA PRIVATE KEY-----\n");
                secrets.addAll(body);
                text.append(pem);
            }
        }
        return new Corpus(text.toString(), secrets);
    }

    record Corpus(String text, List<String> secrets) {
    }

    /** Writes {@code text} in chunks of {@code chunk} chars. */
    private static String stream(String text, int chunk) throws IOException {
        StringWriter sink = new StringWriter();
        try (RedactingWriter writer = new RedactingWriter(sink, REDACTOR)) {
            for (int i = 0; i < text.length(); i += chunk) {
                writer.write(text, i, Math.min(chunk, text.length() - i));
            }
        }
        return sink.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1000, 4096, 65_536, 1_000_003})
    void everyChunkSizeGivesTheWholeTextResult(int chunk) throws IOException {
        Corpus corpus = corpus(300_000);
        String expected = REDACTOR.redact(corpus.text()).redacted();
        String streamed = stream(corpus.text(), chunk);
        for (String secret : corpus.secrets()) {
            assertFalse(streamed.contains(secret), "a secret escaped at chunk size " + chunk);
        }
        assertEquals(expected, streamed, "chunk size " + chunk);
    }

    @Test
    void readerToWriterReportsFindingsWithStreamOffsets() throws IOException {
        Corpus corpus = corpus(200_000);
        StringWriter out = new StringWriter();
        long count = REDACTOR.redact(new StringReader(corpus.text()), out);
        RedactionResult whole = REDACTOR.redact(corpus.text());
        assertEquals(whole.count(), count);
        assertEquals(whole.redacted(), out.toString());

        StringWriter sink = new StringWriter();
        RedactingWriter writer = new RedactingWriter(sink, REDACTOR);
        writer.write(corpus.text());
        writer.close();
        assertEquals(whole.findings(), writer.findings());
    }

    @Test
    void unboundedInputRunsInBoundedMemory() throws IOException {
        // 48 MB of a realistic log streamed through a writer that discards output: the buffer never
        // grows past its bound (CHUNK + HOLDBACK + CONTEXT characters), whatever the input length.
        Writer discard = new Writer() {
            long written;
            @Override public void write(char[] cbuf, int off, int len) { written += len; }
            @Override public void flush() { }
            @Override public void close() { }
        };
        String block = io.agentsafety.redaction.bench.BenchmarkData.mixedLog(1 << 20, 7);
        Reader endless = new Reader() {
            long remaining = 48L << 20;
            int pos;
            @Override
            public int read(char[] cbuf, int off, int len) {
                if (remaining <= 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, remaining), block.length() - pos);
                block.getChars(pos, pos + n, cbuf, off);
                pos = (pos + n) % block.length();
                remaining -= n;
                return n;
            }
            @Override public void close() { }
        };
        long findings = REDACTOR.redact(endless, discard);
        assertTrue(findings > 48 * 50, "findings " + findings);
    }

    @Test
    void lineWithoutNewlinesLongerThanTheBufferIsStillRedacted() throws IOException {
        String token = "ghp_" + random(ALNUM, 36);
        String text = "x ".repeat(100_000) + "token=" + token + " " + "y ".repeat(100_000);
        String out = stream(text, 4096);
        assertFalse(out.contains(token));
        assertEquals(REDACTOR.redact(text).redacted(), out);
    }
}
