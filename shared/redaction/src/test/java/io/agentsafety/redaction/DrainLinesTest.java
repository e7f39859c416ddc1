package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
