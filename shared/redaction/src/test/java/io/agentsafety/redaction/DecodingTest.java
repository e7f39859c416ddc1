package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoders before detection (issue 14): a secret inside an encoding is found and the ENCODED characters are
 * redacted, with exact offsets; look-alikes stay; the bounds hold; streaming gives the one-shot result.
 * Examples written for this test (values random in documented shapes, none real).
 */
class DecodingTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final RandomText TEXT = new RandomText(20261206L);
    private static String an(int n) {
        return TEXT.an(n);
    }

    /** A GitHub classic PAT shape: found by its prefix row wherever it appears. */
    private static final String PAT = "ghp_" + an(36);
    /** A password: found only after a password label. */
    private static final String PASSWORD = "Vq7!kR2#" + an(6);

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String gzipB64(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Every character percent-encoded (what some clients send). */
    private static String percentAll(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(String.format("%02X", x & 0xFF));
        }
        return b.toString();
    }

    private static String unicodeEscaped(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    private static String htmlNumeric(String s, boolean hex) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(hex ? String.format("&#x%x;", (int) c) : "&#" + (int) c + ";");
        }
        return b.toString();
    }

    /** Redacts {@code prefix + encoded + suffix} and checks that exactly the encoded part went, as one finding. */
    private static Finding assertEncodedRedacted(String prefix, String encoded, String suffix, String kind) {
        String text = prefix + encoded + suffix;
        RedactionResult r = REDACTOR.redact(text);
        assertEquals(1, r.count(), () -> text + " -> " + r.redacted() + " " + r.findings());
        Finding f = r.findings().get(0);
        assertEquals(prefix.length(), f.start(), text);
        assertEquals(prefix.length() + encoded.length(), f.end(), text);
        assertEquals(kind, f.kind());
        assertEquals(prefix + "[REDACTED:" + kind + "]" + suffix, r.redacted());
        return f;
    }

    @Test
    void standaloneBase64WithoutAKeyName() {
        Finding f = assertEncodedRedacted("payload ", b64("deploy with " + PAT), " sent", "github_classic_pat");
        assertTrue(f.detector().endsWith(" via base64"), f.detector());
        assertEncodedRedacted("x: ", b64url("{\"token\":\"" + PAT + "\"}"), "", "github_classic_pat");
        assertEncodedRedacted("cfg=", b64("password=" + PASSWORD), ";", "password_assignment");
    }

    @Test
    void gzipThenBase64() throws IOException {
        Finding f = assertEncodedRedacted("blob \"", gzipB64("[auth]\ntoken = " + PAT + "\n"), "\"", "github_classic_pat");
        assertTrue(f.detector().endsWith(" via gzip+base64"), f.detector());
    }

    @Test
    void urlEncoding() {
        // the escaped characters themselves are the redacted span
        assertEncodedRedacted("GET /cb?state=", percentAll(PAT), "&x=1", "github_classic_pat");
        String text = "redirect=" + url("https://h/?password=" + PASSWORD + "&u=me");
        RedactionResult r = REDACTOR.redact(text);
        assertFalse(r.redacted().contains(url(PASSWORD)), r.redacted());
        assertEquals(1, r.count(), r.findings().toString());
        assertEquals(text.indexOf(url(PASSWORD)), r.findings().get(0).start());
        assertEquals(text.indexOf(url(PASSWORD)) + url(PASSWORD).length(), r.findings().get(0).end());
    }

    @Test
    void jsonAndSourceEscapes() {
        Finding f = assertEncodedRedacted("{\"t\":\"", unicodeEscaped(PAT), "\"}", "github_classic_pat");
        assertTrue(f.detector().endsWith(" via escape"), f.detector());
        // \x escapes of one character inside the value: the span still covers exactly the escaped value
        String encoded = "\\x67hp_" + PAT.substring(4);
        assertEncodedRedacted("s = '", encoded, "'", "github_classic_pat");
        String text = "{\"log\":\"config {\\\"password\\\": \\\"" + PASSWORD.replace("!", "\\u0021") + "\\\"}\"}";
        RedactionResult r = REDACTOR.redact(text);
        assertEquals(1, r.count(), r.findings().toString());
        assertEquals("{\"log\":\"config {\\\"password\\\": \\\"[REDACTED:password_assignment]\\\"}\"}", r.redacted());
    }

    @Test
    void octalAndPercentUEscapes() {
        // octal \NNN (C strings, Python bytes, shell $'…'): a prefix spelled in octal is still the prefix
        StringBuilder octal = new StringBuilder();
        for (char c : "ghp_".toCharArray()) {
            octal.append('\\').append(String.format("%03o", (int) c));
        }
        Finding f = assertEncodedRedacted("s = b'", octal + PAT.substring(4), "'", "github_classic_pat");
        assertTrue(f.detector().endsWith(" via escape"), f.detector());
        // JavaScript's escape(): %uXXXX
        StringBuilder percentU = new StringBuilder();
        for (char c : "ghp_".toCharArray()) {
            percentU.append(String.format("%%u%04X", (int) c));
        }
        assertEncodedRedacted("q=", percentU + PAT.substring(4), "&x=1", "github_classic_pat");
        // look-alikes: "\0" and "\12" are not three octal digits; "%unknown" is not %uXXXX
        for (String keep : List.of("printf 'a\\0b\\12c'", "GET /search?q=%unknown HTTP/1.1", "mode \\755 set")) {
            assertEquals(keep, REDACTOR.redact(keep).redacted());
        }
    }

    @Test
    void htmlEntities() {
        assertEncodedRedacted("<code>", htmlNumeric(PAT, false), "</code>", "github_classic_pat");
        assertEncodedRedacted("<code>", htmlNumeric(PAT, true), "</code>", "github_classic_pat");
        String text = "<pre>password&equals;" + PASSWORD.replace("#", "&num;") + "</pre>";
        RedactionResult r = REDACTOR.redact(text);
        assertEquals("<pre>password&equals;[REDACTED:password_assignment]</pre>", r.redacted());
    }

    @Test
    void concatenationRedactsEveryPiece() {
        String a = PAT.substring(0, 15);
        String b = PAT.substring(15, 28);
        String c = PAT.substring(28);
        for (String text : List.of(
            "const k = \"" + a + "\" + \"" + b + "\" + \"" + c + "\";",
            "key = ('" + a + "' '" + b + "' '" + c + "')",
            "let k = '" + a + "'.concat('" + b + "').concat('" + c + "');",
            // across line breaks beside the '+': JavaScript/Python style and Java's leading '+'
            "const k = \"" + a + "\" +\n    \"" + b + "\" +\r\n    \"" + c + "\";",
            "String k = \"" + a + "\"\n        + \"" + b + "\"\n        + \"" + c + "\";")) {
            RedactionResult r = REDACTOR.redact(text);
            for (String piece : List.of(a, b, c)) {
                assertFalse(r.redacted().contains(piece), text + " -> " + r.redacted());
            }
            for (Finding f : r.findings()) {
                assertEquals("github_classic_pat", f.kind());
            }
            // what stays is only the code around the literals
            assertTrue(r.redacted().startsWith(text.substring(0, text.indexOf(a))), r.redacted());
        }
        // .concat keeps the pieces apart: each literal is its own finding
        String head = PAT.substring(0, 20);
        String tail = PAT.substring(20);
        String text = "let k = '" + head + "'.concat('" + tail + "');";
        RedactionResult r = REDACTOR.redact(text);
        assertEquals(2, r.count(), r.findings().toString());
        assertEquals(text.indexOf(head), r.findings().get(0).start());
        assertEquals(text.indexOf(head) + head.length(), r.findings().get(0).end());
        assertEquals(text.indexOf(tail), r.findings().get(1).start());
        assertEquals(text.indexOf(tail) + tail.length(), r.findings().get(1).end());
        assertEquals("let k = '[REDACTED:github_classic_pat]'.concat('[REDACTED:github_classic_pat]');", r.redacted());
    }

    @Test
    void concatenationAcrossLinesNeedsThePlus() {
        // lines of quoted fields, a Markdown list and literals on successive lines without '+' are not joined
        for (String keep : List.of(
            "\"" + PAT.substring(0, 15) + "\"\n\"" + PAT.substring(15) + "\"",
            "- \"first item\" +\n- \"second item\"")) {
            RedactionResult r = REDACTOR.redact(keep);
            assertEquals(keep, r.redacted(), r.findings().toString());
        }
    }

    @Test
    void nestedLayers() {
        assertEncodedRedacted("v ", b64(b64("auth " + PAT)), "", "github_classic_pat");
        Finding f = assertEncodedRedacted("a=", url(b64("token=" + PAT)), "&b=2", "github_classic_pat");
        assertTrue(f.detector().endsWith(" via url>base64"), f.detector());
        assertEncodedRedacted("{\"v\":\"", unicodeEscaped(b64(PAT)), "\"}", "github_classic_pat");
        assertEncodedRedacted("<i>", htmlNumeric(percentAll(PAT), false), "</i>", "github_classic_pat");
    }

    @Test
    void depthIsBounded() {
        String threeDeep = "v " + b64(b64(b64("auth " + PAT)));
        assertEquals(0, REDACTOR.redact(threeDeep).count(), "a third layer is beyond the default depth of 2");
        RedactionLimits deeper = new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, Integer.MAX_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE, new DecodeLimits(3, 65536, 262144, 1 << 20));
        assertEquals(1, REDACTOR.redact(threeDeep, RedactionOptions.NONE, deeper).count());
        RedactionLimits off = new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, Integer.MAX_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE, DecodeLimits.OFF);
        assertEquals(0, REDACTOR.redact("x " + b64("token " + PAT), RedactionOptions.NONE, off).count());
    }

    @Test
    void decodedValueFeedsEveryOccurrence() {
        // named once, inside base64 after a label; repeated bare and URL-encoded later: all three go
        String text = "init " + b64("password=" + PASSWORD) + " then retry with " + PASSWORD + " and p=" + url(PASSWORD) + " done";
        RedactionResult r = REDACTOR.redact(text);
        assertEquals(3, r.count(), r.redacted() + " " + r.findings());
        assertFalse(r.redacted().contains(PASSWORD), r.redacted());
        assertFalse(r.redacted().contains(url(PASSWORD)), r.redacted());
        assertTrue(r.redacted().endsWith(" done"), r.redacted());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // random bytes as base64 (session ids, nonces, ciphertext)
        "RANDOM_B64",
        // base64 of ordinary text
        "b64:eyJ1c2VyIjoibWFyaWEiLCJyb2xlIjoiZWRpdG9yIiwidGhlbWUiOiJkYXJrIn0=",
        "c3Vic2NyaWJlZCB0byB0aGUgd2Vla2x5IG5ld3NsZXR0ZXIgYW5kIHRoZSBwcm9kdWN0IHVwZGF0ZXM=",
        // an image in a data URI
        "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGklEQVQ4jWNgGAWjYBSMglEwCkbBKBgFgwoAAAQQAAH+sKylAAAAAElFTkSuQmCC\">",
        // harmless URL-encoded query strings
        "GET /search?q=how+to+reset+a+password%3F&lang=en-US&page=2 HTTP/1.1",
        "next=%2Faccount%2Fsettings%3Ftab%3Dsecurity%26token_hint%3Demail",
        // HTML with entities and no secrets
        "<p>Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#8212; &#x2014; caf&eacute; &copy; 2026 &nbsp;</p>",
        // minified JS concatenations of words
        "var m=\"Hello, \"+name+\"! You have \"+n+\" new \"+(n>1?\"messages\":\"message\")+\".\";e.className=\"btn \"+\"btn-primary\"+\" active\";",
        "msg = ('The quick brown fox ' 'jumps over ' 'the lazy dog')",
        "s = \"token\" + \"_count\" + \"=\" + String(total) + \"; key\" + \"board\";",
        // JSON-escaped prose and paths
        "{\"msg\":\"user said \\\"the password is incorrect\\\" at C:\\\\Users\\\\maria\\\\notes.txt\\n\"}",
        // UUIDs and hex digests are not base64 candidates
        "request 3f2a9c1e-7b4d-4e8a-9f10-2b3c4d5e6f70 commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
    })
    void lookAlikesAreKept(String text) {
        if (text.equals("RANDOM_B64")) {
            byte[] bytes = new byte[96];
            new Random(7).nextBytes(bytes);
            text = "nonce=" + Base64.getEncoder().encodeToString(bytes) + " sid=" + Base64.getUrlEncoder().encodeToString(bytes);
        }
        RedactionResult r = REDACTOR.redact(text);
        assertEquals(text, r.redacted(), r.findings().toString());
    }

    @Test
    void aFiveMegabyteBase64BlobIsBoundedAndKept() {
        byte[] bytes = new byte[5 * 1024 * 1024 * 3 / 4];
        new Random(5).nextBytes(bytes);
        String blob = Base64.getEncoder().encodeToString(bytes);
        // text inside a huge blob: longer than one span, so not decoded (the blob is kept, nothing thrown)
        String textBlob = b64(("line of text token " + PAT + "\n").repeat(70_000));
        for (String text : List.of("data=" + blob + "\n", "data=" + textBlob + "\n")) {
            long t = System.nanoTime();
            RedactionResult r = REDACTOR.redact(text);
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertEquals(0, r.count());
            // generous: plain detection alone takes 1-3 s for 5 MB of base64 on the shared 2-core machine
            assertTrue(ms < 60_000, "took " + ms + " ms");
        }
    }

    @Test
    void gzipBombStopsAtTheInflateBound() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] line = ("token " + PAT + " ").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 150_000; i++) {
                gz.write(line);
            }
        }
        String blob = Base64.getEncoder().encodeToString(bytes.toByteArray());
        assertTrue(blob.length() < 65_536, "the bomb fits in one span: " + blob.length());
        assertEquals(DecodeLimits.DEFAULT.maxInflatedBytes(),
            Base64Blobs.gunzip(Base64.getDecoder().decode(blob), DecodeLimits.DEFAULT.maxInflatedBytes()).length);
        long t = System.nanoTime();
        RedactionResult r = REDACTOR.redact("z " + blob);
        // generous: the shared 2-core machine runs at load 20-30 during builds (about 1 s when idle)
        assertTrue((System.nanoTime() - t) / 1_000_000 < 60_000);
        // the first 256 KiB inflated hold the token: the blob goes, and the rest was never inflated
        assertEquals("z [REDACTED:github_classic_pat]", r.redacted());
    }

    @Test
    void decodedBudgetStopsDecodingNotDetection() {
        RedactionLimits tiny = new RedactionLimits(RedactionLimits.MAX_KNOWN_VALUE_BYTES, Integer.MAX_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE, new DecodeLimits(2, 65536, 262144, 100));
        String first = b64("token " + PAT);
        String filler = b64("x".repeat(200));
        String text = first + " " + filler + " " + b64("password=" + PASSWORD) + " plain " + PAT.replace("ghp_", "ghp_") + "\n";
        RedactionResult r = REDACTOR.redact(text, RedactionOptions.NONE, tiny);
        assertFalse(r.redacted().contains(first), "decoded within the budget");
        assertTrue(r.redacted().contains(filler), "beyond the budget nothing more is decoded");
        assertFalse(r.redacted().contains(PAT), "plain detection is not affected");
    }

    @Test
    void streamingGivesTheOneShotResult() throws IOException {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < 400_000) {
            b.append("2026-12-06T07:00:").append(i % 60).append("Z INFO step ").append(i).append(" ok\n");
            switch (i % 157) {
                case 0 -> b.append("cfg ").append(b64("token = ghp_" + an(36))).append('\n');
                case 31 -> b.append("q=").append(url(b64("api_key=ghp_" + an(36)))).append('\n');
                case 62 -> b.append("{\"m\":\"").append(unicodeEscaped("ghp_" + an(36))).append("\"}\n");
                case 93 -> b.append("k = \"ghp_").append(an(16)).append("\" + \"").append(an(20)).append("\"\n");
                case 40 -> b.append("s = ").append(fromCharCode("ghp_" + an(36))).append('\n');
                case 71 -> b.append("ｔｏｋｅｎ＝").append(fullwidth("ghp_" + an(36))).append('\n');
                case 110 -> b.append(" id | name | api_key\n----+------+---------\n  ").append(i).append(" | svc  | ")
                    .append(an(24)).append("\n  ").append(i + 1).append(" | job  | ").append(an(24)).append("\n(2 rows)\n");
                case 124 -> b.append("<b>password&#61;").append(PASSWORD.replace("#", "&#35;")).append("</b> again ")
                    .append(PASSWORD).append('\n');
                default -> { }
            }
            i++;
        }
        String text = b.toString();
        RedactionResult once = REDACTOR.redact(text);
        assertTrue(once.count() > 10, "the corpus has encoded secrets: " + once.count());
        for (int chunk : new int[] {1 << 20, 65_536, 8_191, 977}) {
            StringWriter sink = new StringWriter();
            try (RedactingWriter w = new RedactingWriter(sink, REDACTOR)) {
                for (int p = 0; p < text.length(); p += chunk) {
                    w.write(text, p, Math.min(chunk, text.length() - p));
                }
            }
            assertEquals(once.redacted(), sink.toString(), "chunk " + chunk);
        }
    }

    private static String fullwidth(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c > ' ' && c < 0x7F ? (char) (c + 0xFEE0) : c);
        }
        return b.toString();
    }

    private static String codes(String s, String sep) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(b.length() == 0 ? "" : sep).append((int) c);
        }
        return b.toString();
    }

    private static String fromCharCode(String s) {
        return "String.fromCharCode(" + codes(s, ",") + ")";
    }

    @Test
    void fullwidthAndOtherCompatibilityForms() {
        // the fullwidth characters themselves are the span redacted
        Finding f = assertEncodedRedacted("stripe: ", fullwidth(PAT), " ok", "github_classic_pat");
        assertTrue(f.detector().endsWith(" via nfkc"), f.detector());
        // a fullwidth label, an ASCII value; an ASCII label, a fullwidth value; a lone fullwidth separator
        assertEncodedRedacted(fullwidth("password="), PASSWORD, "", "password_assignment");
        assertEncodedRedacted("password=", fullwidth(PASSWORD), "", "password_assignment");
        // a lone full-width colon: the label row reads it as a separator itself (sec10), the plain finding names the span
        assertEncodedRedacted("password\uFF1A", PASSWORD, "", "generic_secret_assignment");
        // mathematical bold letters (surrogate pairs) spelling the prefix
        String bold = "\uD835\uDC20\uD835\uDC21\uD835\uDC29"; // 𝐠𝐡𝐩
        assertEncodedRedacted("k ", bold + PAT.substring(3), "", "github_classic_pat");
        // look-alikes: fullwidth prose, a fullwidth placeholder, CJK text with fullwidth punctuation
        for (String keep : List.of(fullwidth("hello world, this is a test"), fullwidth("password=changeme"),
            "\u8A2D\u5B9A\uFF1A\u5B8C\u4E86\uFF08OK\uFF09", fullwidth("version: 1.2.3-rc4"))) {
            assertEquals(keep, REDACTOR.redact(keep).redacted());
        }
    }

    @Test
    void characterCodes() {
        Finding f = assertEncodedRedacted("s = String.fromCharCode(", codes(PAT, ","), ");", "github_classic_pat");
        assertTrue(f.detector().endsWith(" via charcodes"), f.detector());
        assertEncodedRedacted("key = bytes([", codes(PAT, ", "), "]).decode()", "github_classic_pat");
        assertEncodedRedacted("byte[] k = new byte[]{", codes(PAT, ", "), "};", "github_classic_pat");
        // chr() chains: Python +, PHP/Perl ., VB &
        StringBuilder py = new StringBuilder();
        StringBuilder php = new StringBuilder();
        for (char c : PAT.toCharArray()) {
            py.append(py.length() == 0 ? "" : "+").append("chr(").append((int) c).append(')');
            php.append(php.length() == 0 ? "" : " . ").append("chr(").append((int) c).append(')');
        }
        assertEncodedRedacted("k = ", py.toString(), "", "github_classic_pat");
        assertEncodedRedacted("$k = ", php.toString(), ";", "github_classic_pat");
        // a label before the call: the decoded string reads as the assigned value
        RedactionResult r = REDACTOR.redact("password = String.fromCharCode(" + codes(PASSWORD, ",") + ")");
        assertEquals(1, r.count(), r.findings().toString());
        assertFalse(r.redacted().contains(codes(PASSWORD, ",").substring(4, 20)), r.redacted());
        // look-alikes: text that is not a secret, pixels, ports, binary bytes, short lists
        for (String keep : List.of(fromCharCode("Hello, world"), "pixels = [255, 255, 255, 0, 128, 64, 32, 16, 8, 4]",
            "ports: [8080, 8081, 8443, 9090, 9091, 9100, 9200, 9300]", "bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])",
            "at Foo.bar(42, 43, 44)", "scores = [40, 45, 50, 55, 60, 65, 70, 75, 80]")) {
            assertEquals(keep, REDACTOR.redact(keep).redacted());
        }
    }

    /** RFC 4648 base32 with padding. */
    private static String base32(String s) {
        StringBuilder b = new StringBuilder();
        int acc = 0;
        int bits = 0;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            acc = (acc << 8) | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                b.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt((acc >> bits) & 31));
            }
        }
        if (bits > 0) {
            b.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt((acc << (5 - bits)) & 31));
        }
        while (b.length() % 8 != 0) {
            b.append('=');
        }
        return b.toString();
    }

    @Test
    void tableColumnsRedactTheCellsUnderACredentialHeader() {
        String key1 = an(24);
        String key2 = an(24);
        // psql: each cell under "api_key" is redacted exactly, the other columns stay
        String psql = " id | name  | api_key\n----+-------+---------\n  1 | alice | " + key1 + "\n  2 | bob   | " + key2 + "\n(2 rows)";
        RedactionResult r = REDACTOR.redact(psql);
        assertEquals(psql.replace(key1, "[REDACTED:generic_secret_assignment]").replace(key2, "[REDACTED:generic_secret_assignment]"),
            r.redacted());
        assertTrue(r.findings().stream().allMatch(f -> f.detector().endsWith(" via table")), r.findings().toString());
        // mysql's boxed table and a CSV file named on the line above
        String boxed = "+----+----------+\n| id | password |\n+----+----------+\n|  1 | " + PASSWORD + " |\n+----+----------+";
        assertFalse(REDACTOR.redact(boxed).redacted().contains(PASSWORD), boxed);
        String csv = "$ cat keys.csv\nname,\"api_key\",created\nbilling,\"" + key1 + "\",2026-01-02";
        assertEquals(csv.replace(key1, "[REDACTED:generic_secret_assignment]"), REDACTOR.redact(csv).redacted());
        String markdown = "| service | api_key |\n|:--------|---------|\n| billing | " + key2 + " |";
        assertEquals(markdown.replace(key2, "[REDACTED:generic_secret_assignment]"), REDACTOR.redact(markdown).redacted());
        // a bare CSV export: the text's first line is the header (sec9)
        String bare = "name,api_key,created\nbilling," + key1 + ",2026-01-02";
        assertEquals(bare.replace(key1, "[REDACTED:generic_secret_assignment]"), REDACTOR.redact(bare).redacted());
        // look-alikes: metadata columns, placeholders, a CSV that neither starts the text nor is named, a markdown table
        for (String keep : List.of(
            " id | token_count | password_hash\n----+-------------+--------------\n  1 |        1893 | " + "5f4dcc3b5aa765d61d8327deb882cf99",
            "$ cat keys.csv\nname,api_key,created\nbilling,<your-api-key>,2026-01-02",
            "2026-01-02 backup done\nname,api_key,created\nbilling," + key1 + ",2026-01-02",
            "| name | api_key |\n|---|---|\n| billing | the key your dashboard shows |")) {
            assertEquals(keep, REDACTOR.redact(keep).redacted());
        }
        // rows are read up to TableColumns.REACH characters after the header (what a stream keeps as context)
        StringBuilder longTable = new StringBuilder(" id | api_key\n----+--------\n");
        String far = an(24);
        for (int row = 0; longTable.length() < TableColumns.REACH + 100; row++) {
            longTable.append(String.format("%3d | %s%n", row, an(24)));
        }
        longTable.append("999 | ").append(far).append('\n');
        String out = REDACTOR.redact(longTable.toString()).redacted();
        assertTrue(out.contains(far) && !out.contains(longTable.substring(longTable.indexOf("  0 | ") + 6, longTable.indexOf("  0 | ") + 30)), out);
    }

    @Test
    void base32Blobs() {
        String encoded = base32("password=" + PASSWORD);
        Finding f = assertEncodedRedacted("echo ", encoded, " | base32 -d", "password_assignment");
        assertTrue(f.detector().endsWith(" via base32"), f.detector());
        // look-alikes: base32 of ordinary text, upper-case constants, an AWS-style id that is not base32 text
        for (String keep : List.of("echo MFRGGZDFMZTWQ2LKNNWG23TP | base32 -d", "LEVEL=DEBUG_VERBOSE_LOGGING_ENABLED",
            "TOTP seed JBSWY3DPEHPK3PXP", "AKIAIOSFODNN7EXAMPLE")) {
            assertEquals(keep, REDACTOR.redact(keep).redacted());
        }
    }

    @Test
    void shellLiteralsInSubstitutionsAndDefaults() {
        String token = an(24);
        // the literal inside the expression is what goes; the expression around it stays
        Finding f = assertEncodedRedacted("export API_TOKEN=$(echo '", token, "')", "generic_secret_assignment");
        assertTrue(f.detector().endsWith(" via shell"), f.detector());
        assertEncodedRedacted("TOKEN=\"$(printf %s '", token, "')\"", "generic_secret_assignment");
        assertEncodedRedacted("export DB_PASSWORD=\"$(echo -n ", PASSWORD, ")\"", "password_assignment");
        assertEncodedRedacted("DEPLOY_KEY=`echo ", token, "`", "generic_secret_assignment");
        // a reference with a default: the variable's own name labels it when nothing before does
        assertEncodedRedacted("echo \"${API_TOKEN:-", token, "}\"", "generic_secret_assignment");
        assertEncodedRedacted("  client-secret: \"${OAUTH_CLIENT_SECRET:", token, "}\"", "generic_secret_assignment");
        // look-alikes: other commands, references without a default or with a placeholder, expansions inside
        for (String keep : List.of("export API_TOKEN=$(vault kv get -field=token secret/ci)", "TOKEN=\"$(gh auth token)\"",
            "API_TOKEN=\"${API_TOKEN:-}\"", ": \"${API_TOKEN:?API_TOKEN must be set}\"", "jwt.secret=${JWT_SECRET:}",
            "  client-secret: ${OAUTH_CLIENT_SECRET:changeme}", "server.port=${PORT:8080}", "echo \"$(echo $API_TOKEN)\"",
            "VERSION=$(echo 1.4.2)", "BUILD=`echo build-20240601-release`", "url: ${DB_URL:jdbc:postgresql://localhost:5432/app}")) {
            assertEquals(keep, REDACTOR.redact(keep).redacted());
        }
    }
}
