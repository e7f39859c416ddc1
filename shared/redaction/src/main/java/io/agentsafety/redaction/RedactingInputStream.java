package io.agentsafety.redaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An {@link InputStream} of UTF-8 bytes handed out redacted, as UTF-8: a {@link RedactingReader} between a decoder
 * and an encoder, so it redacts exactly as the reader does and holds what it holds (plus {@link #BYTES} bytes).
 *
 * <p>Decoding keeps its state across reads, so a character whose bytes arrive in different reads is decoded
 * whole; malformed or truncated input becomes U+FFFD (as {@code new String(bytes, UTF_8)} does), never an
 * exception that drops the rest of the stream. Encoding keeps a high surrogate back until its low half comes
 * (the writer may cut between them); an unpaired one is written as {@code ?}. Findings are in characters of
 * the decoded text. {@link #close()} closes the source; any read afterwards throws {@link IOException}.
 */
public final class RedactingInputStream extends InputStream {

    /** Redacted characters encoded per step; their bytes (at most 3 per char) are what this class adds. */
    static final int CHARS = 4 * 1024;
    static final int BYTES = 3 * CHARS;

    private final RedactingReader reader;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Write mode: characters read from the reader and not yet encoded (at most a high surrogate). */
    private final CharBuffer chars = CharBuffer.allocate(CHARS);
    /** Read mode: encoded bytes not yet handed out. */
    private final ByteBuffer bytes = ByteBuffer.allocate(BYTES).flip();
    private boolean ended;
    private boolean closed;

    public RedactingInputStream(InputStream source, Redactor redactor) {
        this(source, redactor, RedactionOptions.NONE);
    }

    public RedactingInputStream(InputStream source, Redactor redactor, RedactionOptions options) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.reader = new RedactingReader(new InputStreamReader(Objects.requireNonNull(source, "source"), decoder),
            redactor, options);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (!bytes.hasRemaining()) {
            if (ended) {
                return -1;
            }
            encodeMore();
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
    }

    /** Encodes the next redacted characters; at the end, what was kept back and the encoder's end state. */
    private void encodeMore() throws IOException {
        bytes.clear();
        int n = reader.read(chars.array(), chars.position(), chars.remaining());
        boolean last = n < 0;
        if (!last) {
            chars.position(chars.position() + n);
        }
        chars.flip();
        encoder.encode(chars, bytes, last);
        if (last) {
            encoder.flush(bytes);
            ended = true;
        }
        chars.compact();
        bytes.flip();
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return bytes.remaining();
    }

    /** See {@link RedactingReader#findings()}; offsets are in characters of the decoded text. */
    public List<Finding> findings() {
        return reader.findings();
    }

    public long findingCount() {
        return reader.findingCount();
    }

    /** The reader inside, for its bounds. */
    RedactingReader reader() {
        return reader;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            reader.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream is closed");
        }
    }
}
