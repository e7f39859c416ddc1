package io.agentsafety.sandbox;

/** A sandbox operation failed; {@link #kind()} says how, so callers map it to a status without parsing text. */
public class SandboxException extends RuntimeException {

    public enum Kind {
        /** bad request to the backend (template, path, cwd) */
        INVALID,
        /** credentials refused */
        UNAUTHORIZED,
        /** the sandbox does not exist (any more): killed, expired or never created */
        NOT_FOUND,
        /** rate limited after the allowed retries */
        RATE_LIMITED,
        /** backend unreachable or failing (5xx, connection refused, stream reset) */
        UNAVAILABLE,
        /** a file or output exceeds a size limit */
        TOO_LARGE,
        /** the operation's own deadline passed */
        TIMEOUT
    }

    private final Kind kind;

    public SandboxException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SandboxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
