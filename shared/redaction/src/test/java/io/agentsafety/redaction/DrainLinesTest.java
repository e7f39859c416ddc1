package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link RedactingWriter#drainLines()}: complete lines come out redacted at once, the rest waits; the stream goes on. */
class DrainLinesTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final String PASSWORD = "Vq7!kR2#" + new RandomText(7L).an(8);

    @Test
    void completeLinesComeOutAndAnUnfinishedOneWaits() throws IOException {
        StringWriter out = new StringWriter();
        RedactingWriter w = new RedactingWriter(out, REDACTOR);
        w.write("INFO start\nERROR login password=" + PASSWORD + " failed\nWARN retr");
        assertEquals("", out.toString(), "nothing is handed out before the buffer fills or a drain");
        w.drainLines();
        assertEquals("INFO start\nERROR login password=[REDACTED:password_assignment] failed\n", out.toString());
        w.drainLines();
        assertEquals("INFO start\nERROR login password=[REDACTED:password_assignment] failed\n", out.toString(),
            "a second drain without a new line end hands out nothing");
        // the value found before the drain is still removed where it recurs after it
        w.write("ying with " + PASSWORD + "\n");
        w.finish();
        String all = "INFO start\nERROR login password=" + PASSWORD + " failed\nWARN retrying with " + PASSWORD + "\n";
        assertEquals(REDACTOR.redact(all).redacted(), out.toString());
        assertThrows(IOException.class, w::drainLines);
    }

    @Test
    void aPemBlockWrittenBeforeTheDrainIsRedactedWhole() throws IOException {
        RandomText random = new RandomText(11L);
        StringBuilder pem = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\n");
        for (int i = 0; i < 12; i++) {
            pem.append(random.an(64)).append('\n');
        }
        pem.append("-----END RSA PRIVATE KEY-----\n");
        StringWriter out = new StringWriter();
        RedactingWriter w = new RedactingWriter(out, REDACTOR);
        w.write("key:\n" + pem);
        w.drainLines();
        assertEquals(REDACTOR.redact("key:\n" + pem).redacted(), out.toString());
        w.finish();
    }

    @Test
    void aShortLabelLineBeforeTheDrainStillNamesTheValueAfterIt() throws IOException {
        StringWriter out = new StringWriter();
        RedactingWriter w = new RedactingWriter(out, REDACTOR);
        w.write("db:\n  password: |\n");
        w.drainLines();
        w.write("    " + PASSWORD + "\n");
        w.finish();
        String all = "db:\n  password: |\n    " + PASSWORD + "\n";
        assertEquals(REDACTOR.redact(all).redacted(), out.toString());
        assertFalse(out.toString().contains(PASSWORD), out.toString());
    }

    @Test
    void aDrainDoesNotReadTheWholeContextAgain() throws IOException {
        // a long line before the drain is not kept: the next burst is read alone (with the values already found)
        StringWriter out = new StringWriter();
        RedactingWriter w = new RedactingWriter(out, REDACTOR);
        w.write("x".repeat(RedactingWriter.DRAIN_CONTEXT + 1) + "\n");
        w.drainLines();
        assertEquals(0, w.buffered(), "nothing held after a long line was drained");
        w.write("INFO short\n");
        w.drainLines();
        assertEquals("INFO short\n".length(), w.buffered(), "a short last line stays as context");
        w.finish();
    }
}
