package io.agentsafety.core;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature of every webhook the service sends (approval requests, budget alerts). Each request carries {@value #TIMESTAMP_HEADER} (Unix seconds) and
 * {@value #SIGNATURE_HEADER}: {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}. A receiver recomputes
 * the HMAC over the raw body bytes, compares in constant time, and rejects a timestamp further than its tolerance
 * (default 5 minutes) from its clock, so a captured request cannot be replayed later. {@link #verify} is that
 * receiver, usable as is by a Java relay and as the reference for others.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Safety-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Safety-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String VERSION = "v1=";

    private WebhookSignature() {
    }

    public static String sign(byte[] secret, long timestampSeconds, byte[] body) {
        return VERSION + HexFormat.of().formatHex(hmac(secret, timestampSeconds, body));
    }

    /** Why a request is rejected, or {@code VALID}. */
    public enum Verdict { VALID, MISSING_HEADER, MALFORMED, STALE_TIMESTAMP, BAD_SIGNATURE }

    public static Verdict verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body, Instant now,
                                 Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null) {
            return Verdict.MISSING_HEADER;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verdict.STALE_TIMESTAMP;
        }
        String signature = signatureHeader.trim();
        if (!signature.startsWith(VERSION)) {
            return Verdict.MALFORMED;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        return MessageDigest.isEqual(given, hmac(secret, timestamp, body)) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    private static byte[] hmac(byte[] secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
