package io.agentsafety.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The documented verifier: HMAC over timestamp + "." + body, constant-time compare, stale timestamps refused. */
class WebhookSignatureTest {

    private static final byte[] SECRET = "whsec-test-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"type\":\"approval.requested\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void knownVectorAndRoundTrip() {
        // HMAC-SHA256("whsec-test-0123456789", "1700000000.{\"type\":\"approval.requested\"}"), computed independently with openssl
        String expected = "v1=fff97be49a55a0448f191a68afb030185226385d20ce348251cad10ba5f2f8be";
        assertEquals(expected, WebhookSignature.sign(SECRET, 1_700_000_000L, BODY));
        Instant now = Instant.ofEpochSecond(1_700_000_100L);
        assertEquals(WebhookSignature.Verdict.VALID,
            WebhookSignature.verify(SECRET, "1700000000", expected, BODY, now, WebhookSignature.DEFAULT_TOLERANCE));
    }

    @Test
    void rejectsStaleForgedAndMalformed() {
        String signature = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);
        Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;
        assertEquals(WebhookSignature.Verdict.STALE_TIMESTAMP,
            WebhookSignature.verify(SECRET, "1700000000", signature, BODY, Instant.ofEpochSecond(1_700_000_301L), tolerance));
        assertEquals(WebhookSignature.Verdict.BAD_SIGNATURE, WebhookSignature.verify(SECRET, "1700000000", signature,
            "{\"type\":\"approval.requested \"}".getBytes(StandardCharsets.UTF_8), Instant.ofEpochSecond(1_700_000_000L), tolerance));
        // the timestamp is signed: moving it forward to dodge the staleness check breaks the signature
        assertEquals(WebhookSignature.Verdict.BAD_SIGNATURE,
            WebhookSignature.verify(SECRET, "1700000500", signature, BODY, Instant.ofEpochSecond(1_700_000_500L), tolerance));
        assertEquals(WebhookSignature.Verdict.BAD_SIGNATURE, WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8),
            "1700000000", signature, BODY, Instant.ofEpochSecond(1_700_000_000L), tolerance));
        assertEquals(WebhookSignature.Verdict.MISSING_HEADER,
            WebhookSignature.verify(SECRET, null, signature, BODY, Instant.ofEpochSecond(1_700_000_000L), tolerance));
        assertEquals(WebhookSignature.Verdict.MALFORMED,
            WebhookSignature.verify(SECRET, "1700000000", "sha256=abc", BODY, Instant.ofEpochSecond(1_700_000_000L), tolerance));
        assertEquals(WebhookSignature.Verdict.MALFORMED,
            WebhookSignature.verify(SECRET, "soon", signature, BODY, Instant.ofEpochSecond(1_700_000_000L), tolerance));
    }
}
