package io.agentsafety.redaction;

/**
 * One redacted span: offsets are in the ORIGINAL text (start inclusive, end exclusive). Deliberately
 * carries no copy of the secret, so a finding can be logged, returned or thrown safely.
 */
public record Finding(String kind, int start, int end, String detector) {

    public Finding {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid span");
        }
    }

    public int length() {
        return end - start;
    }

    Finding shift(long offset) {
        return new Finding(kind, Math.toIntExact(start + offset), Math.toIntExact(end + offset), detector);
    }
}
