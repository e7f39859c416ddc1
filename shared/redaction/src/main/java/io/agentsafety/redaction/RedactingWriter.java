package io.agentsafety.redaction;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Writer} that redacts what passes through it, in bounded memory, for input of any length.
 *
 * <p>Text is buffered; when the buffer is full the redactor runs over all of it, but only the part up
 * to a cut point is written. The cut is a line end at least {@link #HOLDBACK} characters before the
 * buffer end (so any secret up to that size that starts before the cut also ends inside the buffer),
 * moved back before any finding that would straddle it. The text after the cut stays buffered, along
 * with up to {@link #CONTEXT} characters before it, already written, kept only as context for
 * detectors that read the previous lines (a YAML key above its value, a {@code data:} header).
 */
public final class RedactingWriter extends Writer {

    /** Longest secret guaranteed to be caught whole across chunk boundaries (a PEM block). */
    public static final int HOLDBACK = 20 * 1024;
    static final int CONTEXT = 2 * 1024;
    /** The longest last line kept as context after a drain (see {@link #drainContextStart}). */
    static final int DRAIN_CONTEXT = 256;
    static final int CHUNK = 64 * 1024;
    /** The most characters the writer ever holds: it redacts and cuts as soon as its buffer is this full. */
    public static final int MAX_BUFFERED = CHUNK + HOLDBACK + CONTEXT;

    private final Writer out;
    private final Redactor redactor;
    private final RedactionOptions options;
    /** The options' known values, compiled once for the whole stream rather than per chunk. */
    private final KnownValues requestValues;
    private final boolean closeTarget;
    private final StringBuilder buffer = new StringBuilder(MAX_BUFFERED);
    /** buffer[0, emitted) was already written (context only). */
    private int emitted;
    /** Offset of buffer[0] in the whole stream. */
    private long base;
    private final List<Finding> findings = new ArrayList<>();
    /** Secrets found so far: removed wherever they occur later in the stream (bounded, see FoundValues). */
    private final FoundValues streamValues = new FoundValues();
    private long findingCount;
    private boolean finished;

    public RedactingWriter(Writer out, Redactor redactor) {
        this(out, redactor, RedactionOptions.NONE, true);
    }

    RedactingWriter(Writer out, Redactor redactor, RedactionOptions options, boolean closeTarget) {
        this.out = out;
        this.redactor = redactor;
        this.options = options;
        this.requestValues = redactor.knownValues(options, RedactionLimits.DEFAULT);
        this.closeTarget = closeTarget;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("writer is closed");
        }
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int room = MAX_BUFFERED - buffer.length();
            int n = Math.min(room, end - pos);
            buffer.append(cbuf, pos, n);
            pos += n;
            if (buffer.length() >= MAX_BUFFERED) {
                process(false);
            }
        }
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int n = Math.min(end - pos, CHUNK);
            char[] part = new char[n];
            str.getChars(pos, pos + n, part, 0);
            write(part, 0, n);
            pos += n;
        }
    }

    /** Findings so far (stream offsets), kept only up to a bound; use {@link #findingCount()} for totals. */
    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public long findingCount() {
        return findingCount;
    }

    /** Characters held now, not yet written or kept as context (at most {@link #MAX_BUFFERED}). */
    int buffered() {
        return buffer.length();
    }

    /**
     * Redacts and writes every complete line held now, for a live source that has gone quiet (a log relay between a
     * worker's bursts): the text after the last line end, and a finding that runs past it, stay held. The price is
     * that a secret continued by a later write, after a line end, is scanned in two pieces, and that what follows a
     * drain is read with only a short last line as context ({@link #drainContextStart}) — the places where the output
     * may differ from one-shot redaction; a stream written without pauses gives the same result as before. Values
     * found before a drain are still removed wherever they recur after it.
     */
    public void drainLines() throws IOException {
        if (finished) {
            throw new IOException("writer is closed");
        }
        if (buffer.lastIndexOf("\n") + 1 > emitted) {
            process(false, true);
        }
    }

    private void process(boolean last) throws IOException {
        process(last, false);
    }

    private void process(boolean last, boolean lines) throws IOException {
        String text = buffer.toString();
        List<Finding> found = redactor.scan(text, options, requestValues, RedactionLimits.DEFAULT, streamValues);
        streamValues.addAll(text, found);
        int cut;
        if (last) {
            cut = buffer.length();
        } else if (lines) {
            cut = buffer.lastIndexOf("\n") + 1;
            for (Finding f : found) {
                if (f.start() < cut && f.end() > cut && f.start() >= emitted) {
                    cut = f.start();
                    break;
                }
            }
            if (cut <= emitted) {
                return;
            }
        } else {
            int limit = buffer.length() - HOLDBACK;
            cut = buffer.lastIndexOf("\n", limit - 1) + 1;
            if (cut <= emitted) {
                cut = softBoundary(limit);
            }
            for (Finding f : found) {
                if (f.start() < cut && f.end() > cut && f.start() >= emitted) {
                    cut = f.start();
                    break;
                }
            }
            if (cut <= emitted) {
                // one finding longer than the window: write through it rather than grow without bound
                cut = limit;
                for (Finding f : found) {
                    if (f.start() < cut && f.end() > cut) {
                        cut = Math.min(f.end(), buffer.length());
                    }
                }
            }
        }
        List<Finding> written = new ArrayList<>();
        for (Finding f : found) {
            if (f.end() > emitted && f.start() < cut) {
                written.add(f);
            }
        }
        out.write(Redactor.apply(buffer, written, emitted, cut));
        for (Finding f : written) {
            findingCount++;
            if (findings.size() < 10_000) {
                findings.add(f.shift(base));
            }
        }
        int keepFrom = lines ? drainContextStart(cut) : contextStart(cut);
        buffer.delete(0, keepFrom);
        base += keepFrom;
        emitted = cut - keepFrom;
    }

    /** Up to {@link #CONTEXT} characters before the cut, from a line start where one is near. */
    private int contextStart(int cut) {
        int from = Math.max(0, cut - CONTEXT);
        int keepFrom = from == 0 ? 0 : buffer.lastIndexOf("\n", from - 1) + 1;
        return cut - keepFrom > 2 * CONTEXT ? from : keepFrom;
    }

    /**
     * After a drain, the context is only the last line handed out, and only if it is short enough to be a label
     * ({@code password:}, {@code data:}, a PEM header) whose value the next write may bring. A drain is a pause of a
     * live source — for a worker's log, the end of one invocation's burst — so the lines before it belong to another
     * event; re-reading {@link #CONTEXT} characters at every drain made a 1.1 KB burst cost four times its one-shot
     * redaction (150 against 36 µs under C1, as the local runner runs; infra/local BENCHMARK.md).
     */
    private int drainContextStart(int cut) {
        if (cut == 0 || buffer.charAt(cut - 1) != '\n') {
            return contextStart(cut); // cut before a finding inside a line: its label stays readable
        }
        int lineStart = cut < 2 ? 0 : buffer.lastIndexOf("\n", cut - 2) + 1;
        return cut - lineStart <= DRAIN_CONTEXT ? lineStart : cut;
    }

    /** For input without newlines: cut at whitespace (or anywhere) near the limit. */
    private int softBoundary(int limit) {
        for (int i = limit - 1; i > Math.max(emitted, limit - 4096); i--) {
            char c = buffer.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                return i + 1;
            }
        }
        return limit;
    }

    /** Redacts and writes everything still buffered; the stream may not be written afterwards. */
    public void finish() throws IOException {
        if (!finished) {
            process(true);
            finished = true;
            out.flush();
        }
    }

    /** Flushes only the target: buffered text is held back until it is safe to redact. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
        if (closeTarget) {
            out.close();
        }
    }
}
