package io.agentsafety.redaction;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Reader} that hands out its source's text redacted, in bounded memory, with the one-shot
 * {@link Redactor#redact(String, RedactionOptions)} result whatever the read sizes of the caller or the source.
 *
 * <p>It is the pull side of {@link RedactingWriter}, not a second implementation: the source's text is written
 * into a writer whose target is this reader's pending output, and the writer decides, as it does for any
 * stream, what is safe to hand out (a cut at a line end 20 KiB before its buffer end, never inside a finding;
 * a later occurrence of a value already found is removed too). The source is read only when everything
 * redacted so far has been read, so the reader holds at most {@link RedactingWriter#MAX_BUFFERED} characters
 * of source text (86 KiB) plus the redacted output of one pull of {@link #PULL} characters: what that pull let
 * the writer hand out, at most {@code MAX_BUFFERED + PULL} characters before redaction, each finding in it
 * replaced by one {@code [REDACTED:kind]} marker. A line longer than the buffer is not waited for: the writer
 * cuts it at a space or tab near its buffer end (anywhere, if it has none), after moving the cut before any
 * finding that straddles it; the 20 KiB after the cut are kept, so a secret up to that size that starts
 * before the cut is seen whole and redacted.
 *
 * <p>The first characters come out once the writer has filled its buffer (about 86 KiB) or the source has
 * ended: a short source is redacted in one piece. Not thread-safe. {@link #close()} closes the source and
 * drops what is held; any read afterwards throws {@link IOException}.
 */
public final class RedactingReader extends Reader {

    /** Characters read from the source per pull. */
    public static final int PULL = 8 * 1024;

    private final Reader source;
    private final StringBuilder pending = new StringBuilder();
    private final RedactingWriter writer;
    private final char[] pull = new char[PULL];
    /** pending[0, taken) was already read by the caller. */
    private int taken;
    private boolean ended;
    private boolean closed;

    public RedactingReader(Reader source, Redactor redactor) {
        this(source, redactor, RedactionOptions.NONE);
    }

    /** With per-stream options (known values such as a command's {@code env}), compiled once for the stream. */
    public RedactingReader(Reader source, Redactor redactor, RedactionOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.writer = new RedactingWriter(new PendingOutput(), Objects.requireNonNull(redactor, "redactor"),
            Objects.requireNonNull(options, "options"), false);
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        ensureOpen();
        Objects.checkFromIndexSize(off, len, cbuf.length);
        if (len == 0) {
            return 0;
        }
        while (taken == pending.length()) {
            if (ended) {
                return -1;
            }
            pending.setLength(0);
            taken = 0;
            pullOnce();
        }
        int n = Math.min(len, pending.length() - taken);
        pending.getChars(taken, taken + n, cbuf, off);
        taken += n;
        return n;
    }

    /** One read of the source into the writer; at its end, the writer's last (held-back) text. */
    private void pullOnce() throws IOException {
        int n = source.read(pull, 0, pull.length);
        if (n < 0) {
            writer.finish();
            ended = true;
        } else {
            writer.write(pull, 0, n);
        }
    }

    /** True when redacted text is waiting: a read will not touch the source. */
    @Override
    public boolean ready() throws IOException {
        ensureOpen();
        return taken < pending.length();
    }

    /** Findings handed out or about to be (stream offsets, kept up to a bound): see {@link RedactingWriter#findings()}. */
    public List<Finding> findings() {
        return writer.findings();
    }

    public long findingCount() {
        return writer.findingCount();
    }

    /** Source characters held by the writer now: at most {@link RedactingWriter#MAX_BUFFERED}. */
    int heldSource() {
        return writer.buffered();
    }

    /** Redacted characters waiting to be read: what the last pull let out. */
    int heldOutput() {
        return pending.length() - taken;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            pending.setLength(0);
            taken = 0;
            source.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("reader is closed");
        }
    }

    /** The writer's target: what it hands out is appended for the caller to read. */
    private final class PendingOutput extends Writer {

        @Override
        public void write(char[] cbuf, int off, int len) {
            pending.append(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            pending.append(str, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
