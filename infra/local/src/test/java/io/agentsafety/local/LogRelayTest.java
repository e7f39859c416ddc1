package io.agentsafety.local;

import io.agentsafety.redaction.LogRedaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker log relay on real processes' stderr: a multi-line secret is redacted whole, a live log is not held back. */
class LogRelayTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String pemKey(List<String> bodyLines) {
        byte[] der = new byte[1190];
        RANDOM.nextBytes(der);
        String body = Base64.getEncoder().encodeToString(der);
        StringBuilder pem = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\n");
        for (int i = 0; i < body.length(); i += 64) {
            String line = body.substring(i, Math.min(body.length(), i + 64));
            bodyLines.add(line);
            pem.append(line).append('\n');
        }
        return pem.append("-----END RSA PRIVATE KEY-----").toString();
    }

    /** Runs {@code sh -c script} with {@code args}, relaying its stderr; returns the relayed lines. */
    private static List<String> relay(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        new LogRelay(lines::add).copy(p.getErrorStream());
        assertEquals(0, p.waitFor());
        return lines;
    }

    @Test
    void aPemKeyWrittenByAWorkerIsRedactedWhole(@TempDir Path dir) throws Exception {
        List<String> body = new ArrayList<>();
        Path log = dir.resolve("log.txt");
        Files.writeString(log, "INFO starting\nERROR bad key:\n" + pemKey(body) + "\nINFO done\n", StandardCharsets.UTF_8);
        List<String> lines = relay("cat \"$1\" >&2", log.toString());
        String relayed = String.join("\n", lines);
        for (String b : body) {
            assertFalse(relayed.contains(b), () -> "a line of the key survived: " + relayed);
        }
        assertTrue(relayed.contains("[REDACTED:"), relayed);
        assertEquals("INFO starting", lines.get(0));
        assertEquals("INFO done", lines.get(lines.size() - 1));
        // what the line-by-line relay did: each body line alone is a base64 run of random bytes, not a secret
        long leakedAlone = body.stream().filter(b -> LogRedaction.redact(b).equals(b)).count();
        assertTrue(leakedAlone > 0, "line by line the key's lines are not recognised (the reason for the stream)");
    }

    @Test
    void aValueFoundOnceIsRemovedFromLaterBurstsToo() throws Exception {
        String value = "Vq7!kR2#" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        List<String> lines = relay("printf 'connecting with password=%s\\n' \"$1\" >&2; sleep 0.3; printf 'retry %s failed\\n' \"$1\" >&2",
            value);
        assertEquals(2, lines.size(), lines.toString());
        for (String line : lines) {
            assertFalse(line.contains(value), line);
        }
        assertTrue(lines.get(1).startsWith("retry "), lines.get(1));
    }

    @Test
    void aLiveLogIsHandedOutWhenTheWorkerPauses() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo first >&2; sleep 2; echo second >&2")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> at = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        long start = System.nanoTime();
        new LogRelay(line -> {
            lines.add(line);
            at.add((System.nanoTime() - start) / 1_000_000);
        }).copy(p.getErrorStream());
        assertEquals(List.of("first", "second"), lines);
        assertTrue(at.get(1) - at.get(0) >= 1_500, "the first line came out before the worker wrote the second: " + at);
    }

    @Test
    void anUnfinishedLastLineIsRelayed() throws Exception {
        assertEquals(List.of("one", "two without end"), relay("printf 'one\\r\\ntwo without end' >&2"));
    }
}
