package io.agentsafety.local;

import io.agentsafety.redaction.LogRedaction;
import io.agentsafety.redaction.RedactingWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A worker's stderr turned into redacted log lines. The stream is redacted as a stream ({@link RedactingWriter}), not
 * line by line, so a secret spread over lines — a PEM key, a JSON value a logger wrapped — is seen whole, and a value
 * found once is removed wherever it recurs later in the worker's log. A live log is not held back for the writer's
 * buffer: whenever the worker pauses (nothing more to read), every complete line so far is redacted and handed out.
 * A worker writes its log in bursts (DeferredLog, one per invocation), so a burst is redacted as one text.
 */
final class LogRelay {

    private final Consumer<String> lines;

    LogRelay(Consumer<String> lines) {
        this.lines = lines;
    }

    /** Reads {@code stderr} to its end (the process exit), handing out redacted lines. */
    void copy(InputStream stderr) throws IOException {
        Reader in = new InputStreamReader(stderr, StandardCharsets.UTF_8);
        LineSplitter out = new LineSplitter();
        RedactingWriter redacting = new RedactingWriter(out, LogRedaction.redactor());
        char[] buf = new char[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                redacting.write(buf, 0, n);
                if (!in.ready()) {
                    redacting.drainLines();
                }
            }
            redacting.finish();
        } catch (RuntimeException | StackOverflowError failed) {
            // a failed redaction withholds what was held, never passes it raw; the rest of the log is lost with it
            lines.accept("[REDACTION FAILED: log withheld]");
            drain(in, buf);
        }
        out.end();
    }

    private static void drain(Reader in, char[] buf) throws IOException {
        while (in.read(buf) >= 0) {
            // the worker must not block on a full pipe
        }
    }

    /** The redacted text, cut into lines (a line break of either kind ends one). */
    private final class LineSplitter extends Writer {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                    lines.accept(line.substring(0, end));
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        void end() {
            if (line.length() > 0) {
                lines.accept(line.toString());
                line.setLength(0);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
