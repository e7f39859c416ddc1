package io.agentsafety.redaction;

/**
 * Bounds of the decoding layer that runs before detection (see {@link Decoders}): how many encodings may be
 * nested ({@code maxDepth}; 0 turns decoding off), the longest encoded span decoded as one piece
 * ({@code maxSpanChars}: a longer base64 run is left as it is, never partly decoded), the most bytes one gzip
 * stream may inflate to ({@code maxInflatedBytes}), and the decoded characters scanned per call over all
 * spans and depths ({@code maxDecodedChars}). Crossing a bound stops decoding there; the original text is
 * still scanned in full, so a bound never hides what plain detection finds.
 */
public record DecodeLimits(int maxDepth, int maxSpanChars, int maxInflatedBytes, long maxDecodedChars) {

    /** Two nested layers (e.g. base64 inside a URL-encoded parameter), 64 Ki characters per span, 256 KiB inflated, 4 Mi characters per call. */
    public static final DecodeLimits DEFAULT = new DecodeLimits(2, 64 * 1024, 256 * 1024, 4L * 1024 * 1024);

    /** No decoding: detection on the text as written only. */
    public static final DecodeLimits OFF = new DecodeLimits(0, 0, 0, 0);

    public DecodeLimits {
        if (maxDepth < 0 || maxSpanChars < 0 || maxInflatedBytes < 0 || maxDecodedChars < 0) {
            throw new IllegalArgumentException("decode limits must not be negative");
        }
    }
}
