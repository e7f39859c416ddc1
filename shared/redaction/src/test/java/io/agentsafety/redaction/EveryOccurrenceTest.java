package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Once a value is found as a secret, every other occurrence of it goes too (issue 14). */
class EveryOccurrenceTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final String PASSWORD = "Hq7!mZ2pLx9rTw";

    @Test
    void aPasswordRepeatedBareInTheSameLineIsRemovedEverywhere() {
        String text = "login password=" + PASSWORD + " failed; retrying with " + PASSWORD + " as user app";
        RedactionResult r = REDACTOR.redact(text);
        assertFalse(r.redacted().contains(PASSWORD), r.redacted());
        assertEquals(2, r.findings().size(), r.findings().toString());
        assertTrue(r.redacted().contains("as user app"), r.redacted());
        // the repeat carries the kind of the finding that named the value
        assertEquals("password_assignment", r.findings().get(1).kind());
    }

    @Test
    void earlierAndEncodedOccurrencesAreRemovedToo() {
        String url = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
        String text = "echo " + PASSWORD + "\ncallback?p=" + url + "\nblob " + b64 + "\nDB_PASSWORD=" + PASSWORD + "\n";
        String out = REDACTOR.redact(text).redacted();
        assertFalse(out.contains(PASSWORD), out);
        assertFalse(out.contains(url), out);
        assertFalse(out.contains(b64), out);
    }

    @Test
    void shortValuesAreNotPropagated() {
        // a 6-character password is redacted where its key names it, but "abc9x!" elsewhere is left:
        // short strings recur by chance
        String text = "password=abc9x! and later abc9x! in prose";
        String out = REDACTOR.redact(text).redacted();
        assertTrue(out.endsWith("later abc9x! in prose"), out);
    }

    @Test
    void textWithoutFindingsIsUnchanged() {
        String text = "nothing secret here, just " + PASSWORD.toLowerCase().replace("!", "") + " words";
        assertEquals(text, REDACTOR.redact(text).redacted());
    }

    @Test
    void aStreamRemovesLaterOccurrencesChunksAway() throws IOException {
        StringBuilder in = new StringBuilder("INFO start\nDEBUG client_secret=" + PASSWORD + "Zk4\n");
        String filler = "2025-06-01T12:00:00Z INFO worker processed batch in 12ms\n";
        while (in.length() < 3 * (RedactingWriter.CHUNK + RedactingWriter.HOLDBACK)) {
            in.append(filler);
        }
        in.append("WARN retry with ").append(PASSWORD).append("Zk4 from cache\n");
        StringWriter out = new StringWriter();
        try (RedactingWriter w = new RedactingWriter(out, REDACTOR)) {
            w.write(in.toString());
        }
        String result = out.toString();
        assertFalse(result.contains(PASSWORD + "Zk4"), "the later bare occurrence survived");
        assertTrue(result.contains("WARN retry with [REDACTED:"), result.substring(result.length() - 120));
        assertEquals(REDACTOR.redact(in.toString()).redacted(), result, "stream and one-shot differ");
    }
}
