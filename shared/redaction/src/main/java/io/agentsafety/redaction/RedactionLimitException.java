package io.agentsafety.redaction;

/**
 * A {@link RedactionLimits} bound was crossed; the call stopped before spending the memory. Carries which
 * bound and its value, never any part of the text or the secrets.
 */
public final class RedactionLimitException extends RuntimeException {

    /** Which bound. */
    public enum Limit {
        KNOWN_VALUE_BYTES, FINDINGS, REDACTED_CHARS, CUSTOM_PATTERN_WORK
    }

    private final Limit limit;
    private final long max;

    public RedactionLimitException(Limit limit, long max) {
        super(limit + " exceeds " + max, null, false, false);
        this.limit = limit;
        this.max = max;
    }

    public Limit limit() {
        return limit;
    }

    public long max() {
        return max;
    }
}
