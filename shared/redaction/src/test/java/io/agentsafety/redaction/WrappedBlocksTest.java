package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-line encodings (issue 14): base64 wrapped at MIME's 76 and PEM's 64 columns, {@code base64} CLI output
 * (also of gzip), a YAML block scalar, hex runs, {@code xxd -p} lines and {@code xxd} / {@code hexdump -C}
 * dumps, each with a planted secret that the line breaks split; the encoded lines are what gets redacted,
 * look-alikes stay, the span bound holds. Values are random, none real.
 */
class WrappedBlocksTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final RandomText TEXT = new RandomText(1414L);
    private static final Random RND = TEXT.random();
    private static String an(int n) {
        return TEXT.an(n);
    }

    /** A GitHub classic PAT shape: its row finds it wherever it appears. */
    private static final String PAT = "ghp_" + an(36);
    /** 60 characters of prose first, so the token's bytes straddle the first line break of every wrapping below. */
    private static final String CONFIG = "# deployment settings for the staging cluster, region eu-west\n"
        + "GITHUB_TOKEN=" + PAT + "\nreplicas: 3\nlog_level: info\nfeature_flags: [search, export]\n";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String mime(byte[] bytes, int width, String lineEnd) {
        return Base64.getMimeEncoder(width, utf8(lineEnd)).encodeToString(bytes);
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf8(s));
        }
        return out.toByteArray();
    }

    /** No single line of the block decodes to text holding the token: only the joined block does. */
    private static void assertSplit(String block) {
        for (String line : block.split("\r?\n")) {
            String t = line.strip();
            if (t.length() % 4 == 0 && !t.isEmpty()) {
                String decoded = new String(Base64.getDecoder().decode(t), StandardCharsets.ISO_8859_1);
                assertFalse(decoded.contains(PAT), "the planted token must straddle a line break: " + t);
            }
        }
    }

    private static RedactionResult assertBlockRedacted(String text, String block, String via) {
        RedactionResult r = REDACTOR.redact(text);
        assertFalse(r.redacted().contains(PAT), r.redacted());
        for (String line : block.split("\r?\n")) {
            assertFalse(r.redacted().contains(line.strip()), () -> "encoded line left: " + line + " in " + r.redacted());
        }
        assertTrue(r.findings().stream().anyMatch(f -> f.detector().endsWith(" via " + via)), r.findings().toString());
        return r;
    }

    @Test
    void mimeBase64At76Columns() {
        String block = mime(utf8(CONFIG), 76, "\r\n");
        assertSplit(block);
        String text = "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n" + block + "\r\n--boundary--";
        RedactionResult r = assertBlockRedacted(text, block, "wrapped base64");
        assertTrue(r.redacted().startsWith("Content-Type: text/plain\r\n"), r.redacted());
        assertTrue(r.redacted().endsWith("\r\n--boundary--"), r.redacted());
    }

    @Test
    void pemStyleBodyAt64Columns() {
        String block = mime(utf8(CONFIG), 64, "\n");
        assertSplit(block);
        String text = "-----BEGIN APP CONFIG-----\n" + block + "\n-----END APP CONFIG-----\n";
        RedactionResult r = assertBlockRedacted(text, block, "wrapped base64");
        assertTrue(r.redacted().startsWith("-----BEGIN APP CONFIG-----\n"), r.redacted());
    }

    @Test
    void base64CliOutputOfGzip() throws IOException {
        // `gzip -c settings | base64`: 76 columns, LF
        String block = mime(gzip(CONFIG + "x".repeat(0)), 76, "\n");
        String text = "$ gzip -c settings | base64\n" + block + "\n$ ";
        assertBlockRedacted(text, block, "wrapped gzip+base64");
    }

    @Test
    void yamlBlockScalar() {
        String block = mime(utf8(CONFIG), 76, "\n").replaceAll("(?m)^", "    ");
        String text = "apiVersion: v1\nkind: ConfigMap\ndata:\n  settings.b64: |\n" + block + "\n  other: plain\n";
        RedactionResult r = assertBlockRedacted(text, block, "wrapped base64");
        assertTrue(r.redacted().endsWith("\n  other: plain\n"), r.redacted());
    }

    @Test
    void hexRunAndXxdPlainLines() {
        String hex = HexFormat.of().formatHex(utf8(CONFIG));
        RedactionResult one = REDACTOR.redact("payload=" + hex + " end");
        assertFalse(one.redacted().contains(hex.substring(0, 40)), one.redacted());
        assertTrue(one.redacted().endsWith(" end"), one.redacted());
        assertTrue(one.findings().stream().anyMatch(f -> f.detector().endsWith(" via hex")), one.findings().toString());
        // `xxd -p`: 60 hex digits a line
        String lines = hex.replaceAll("(.{60})", "$1\n").strip();
        RedactionResult r = REDACTOR.redact("$ xxd -p settings\n" + lines + "\n$ ");
        assertFalse(r.redacted().contains(PAT), r.redacted());
        for (String line : lines.split("\n")) {
            assertFalse(r.redacted().contains(line), () -> "hex line left: " + line);
        }
    }

    /** xxd's default layout: offset, 8 groups of 2 bytes, the ASCII column. */
    private static String xxd(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int off = 0; off < bytes.length; off += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int i = off; i < Math.min(bytes.length, off + 16); i++) {
                hex.append(String.format("%02x", bytes[i] & 0xFF));
                if ((i - off) % 2 == 1) {
                    hex.append(' ');
                }
                ascii.append(bytes[i] >= 0x20 && bytes[i] < 0x7F ? (char) bytes[i] : '.');
            }
            out.append(String.format("%08x: %-40s %s%n", off, hex, ascii));
        }
        return out.toString();
    }

    /** hexdump -C: offset, 16 bytes in two halves, |ASCII|. */
    private static String hexdumpC(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int off = 0; off < bytes.length; off += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int i = off; i < off + 16; i++) {
                hex.append(i < bytes.length ? String.format("%02x ", bytes[i] & 0xFF) : "   ");
                if (i - off == 7) {
                    hex.append(' ');
                }
                if (i < bytes.length) {
                    ascii.append(bytes[i] >= 0x20 && bytes[i] < 0x7F ? (char) bytes[i] : '.');
                }
            }
            out.append(String.format("%08x  %s |%s|%n", off, hex, ascii));
        }
        out.append(String.format("%08x%n", bytes.length));
        return out.toString();
    }

    @Test
    void xxdAndHexdumpDumps() {
        for (String dump : new String[] {xxd(utf8(CONFIG)), hexdumpC(utf8(CONFIG))}) {
            RedactionResult r = REDACTOR.redact("$ dump settings\n" + dump + "$ ");
            assertFalse(r.redacted().contains(PAT), r.redacted());
            // the token's bytes and its ASCII-column pieces are in the redacted block
            assertFalse(r.redacted().contains(PAT.substring(0, 10)), r.redacted());
            assertFalse(r.redacted().contains(PAT.substring(26)), r.redacted());
            assertTrue(r.findings().stream().anyMatch(f -> f.detector().endsWith(" via hexdump")), r.findings().toString());
            assertTrue(r.redacted().startsWith("$ dump settings\n"), r.redacted());
        }
    }

    @Test
    void lookAlikesStay() throws IOException {
        byte[] random = new byte[600];
        RND.nextBytes(random);
        String harmless = "The quick brown fox jumps over the lazy dog. ".repeat(12);
        String[] texts = {
            "-----BEGIN CERTIFICATE DATA-----\n" + mime(random, 64, "\n") + "\n-----END CERTIFICATE DATA-----",
            "Content-Transfer-Encoding: base64\n\n" + mime(utf8(harmless), 76, "\n"),
            "data: |\n" + mime(gzip(harmless), 76, "\n").replaceAll("(?m)^", "  "),
            "sha256 " + HexFormat.of().formatHex(random, 0, 32) + "\nsha512 " + HexFormat.of().formatHex(random, 32, 96),
            xxd(utf8(harmless)),
            hexdumpC(random),
            HexFormat.of().formatHex(utf8(harmless)).replaceAll("(.{60})", "$1\n"),
            "00000000 build started\n00000010 build finished in 12 s",
        };
        for (String t : texts) {
            RedactionResult r = REDACTOR.redact(t);
            assertEquals(t, r.redacted(), () -> r.findings().toString());
        }
    }

    @Test
    void streamingGivesTheOneShotResult() throws IOException {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < 300_000) {
            b.append("2026-12-06T07:00:").append(i % 60).append("Z INFO step ").append(i).append(" ok\n");
            String config = "# rotated settings, step " + i + " of the nightly job for the staging cluster\nGITHUB_TOKEN=ghp_"
                + an(36) + "\nreplicas: 3\n";
            switch (i % 97) {
                case 0 -> b.append("Content-Transfer-Encoding: base64\n\n").append(mime(utf8(config), 76, "\r\n")).append('\n');
                case 31 -> b.append("data:\n  blob: |\n").append(mime(gzip(config), 76, "\n").replaceAll("(?m)^", "    ")).append('\n');
                case 62 -> b.append(xxd(utf8(config)));
                default -> { }
            }
            i++;
        }
        String text = b.toString();
        RedactionResult once = REDACTOR.redact(text);
        assertTrue(once.count() > 20, "the text holds wrapped secrets: " + once.count());
        for (int chunk : new int[] {65_536, 8_191, 977}) {
            java.io.StringWriter sink = new java.io.StringWriter();
            try (RedactingWriter w = new RedactingWriter(sink, REDACTOR)) {
                for (int p = 0; p < text.length(); p += chunk) {
                    w.write(text, p, Math.min(chunk, text.length() - p));
                }
            }
            assertEquals(once.redacted(), sink.toString(), "chunk " + chunk);
        }
    }

    @Test
    void spanBoundLeavesLongerBlocksUndecoded() {
        String block = mime(utf8(CONFIG), 76, "\n");
        String text = "attachment:\n" + block + "\n";
        RedactionLimits small = new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, Integer.MAX_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE, new DecodeLimits(2, block.length() - 1, 262144, 1 << 20));
        RedactionResult bounded = REDACTOR.redact(text, RedactionOptions.NONE, small);
        assertTrue(bounded.findings().stream().noneMatch(f -> f.detector().contains("wrapped")), bounded.findings().toString());
        RedactionLimits enough = new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, Integer.MAX_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE, new DecodeLimits(2, block.length(), 262144, 1 << 20));
        assertFalse(REDACTOR.redact(text, RedactionOptions.NONE, enough).redacted().contains(block.substring(0, 76)));
    }

    /**
     * A hex run becomes a view exactly when its bytes are text by {@link Base64Blobs#textual} (after the 36-byte check of
     * a long run), now that the decoding stops once the run's bad bytes pass a tenth of its bytes: random runs with a share
     * of bad bytes around that tenth, some with a bad byte only at the very end.
     */
    @Test
    void hexRunsAreViewsExactlyWhenTheirBytesAreText() {
        Random r = new Random(77);
        byte[] bad = {0x01, 0x7F, (byte) 0x80, (byte) 0xC0, (byte) 0xFF, 0x1B};
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = new byte[16 + r.nextInt(120)];
            double share = r.nextDouble() * 0.25;
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = r.nextDouble() < share ? bad[r.nextInt(bad.length)] : (byte) (0x20 + r.nextInt(0x5F));
            }
            if (round % 5 == 0) {
                bytes[bytes.length - 1] = bad[r.nextInt(bad.length)];
            }
            String text = "payload=" + HexFormat.of().formatHex(bytes) + " end";
            boolean expected = Base64Blobs.textual(bytes, false) != null
                && (bytes.length < 36 || Base64Blobs.textual(java.util.Arrays.copyOf(bytes, 36), true) != null);
            java.util.List<String> views = new java.util.ArrayList<>();
            WrappedBlocks.decode(text, Decoders.prefilter(text), DecodeLimits.DEFAULT, new Decoders.Budget(1 << 20),
                v -> views.add(v.via() + ":" + v.text()));
            assertEquals(expected ? java.util.List.of("hex:" + new String(bytes, StandardCharsets.UTF_8)) : java.util.List.of(),
                views, "bytes " + HexFormat.of().formatHex(bytes));
        }
    }
}
