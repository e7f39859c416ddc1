package io.agentsafety.redaction;

/**
 * Bounds on one redaction call, so that no input can exhaust a function's memory: the total size of the
 * known values ({@code extra_secrets} and {@code env} values, UTF-8 bytes; each expands into ~15× as
 * many characters of encoded forms), the number of findings, the length of the redacted text, and the
 * work of per-request custom patterns (characters searched × compiled size, which RE2J's time follows).
 * Crossing one throws {@link RedactionLimitException} before the memory is spent. See README.md.
 * {@code decoding} bounds the decoding layer; crossing one of its bounds only stops decoding (no exception).
 */
public record RedactionLimits(int maxKnownValueBytes, int maxFindings, long maxRedactedChars, long maxCustomPatternWork,
                              DecodeLimits decoding) {

    /** Total UTF-8 bytes of the values of {@code extra_secrets} and {@code env} of one call. */
    public static final int MAX_KNOWN_VALUE_BYTES = 64 * 1024;

    /** Library default: known values bounded; findings and output bounded only by the text. */
    public static final RedactionLimits DEFAULT = new RedactionLimits(MAX_KNOWN_VALUE_BYTES, Integer.MAX_VALUE, Long.MAX_VALUE);

    /** Custom-pattern work unbounded. */
    public RedactionLimits(int maxKnownValueBytes, int maxFindings, long maxRedactedChars) {
        this(maxKnownValueBytes, maxFindings, maxRedactedChars, Long.MAX_VALUE);
    }

    /** Default decoding. */
    public RedactionLimits(int maxKnownValueBytes, int maxFindings, long maxRedactedChars, long maxCustomPatternWork) {
        this(maxKnownValueBytes, maxFindings, maxRedactedChars, maxCustomPatternWork, DecodeLimits.DEFAULT);
    }

    public RedactionLimits {
        if (decoding == null) {
            throw new IllegalArgumentException("decoding limits are required");
        }
        if (maxKnownValueBytes < 0 || maxFindings < 0 || maxRedactedChars < 0 || maxCustomPatternWork < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }
}
