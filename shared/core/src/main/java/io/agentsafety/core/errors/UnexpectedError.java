package io.agentsafety.core.errors;

/** An unexpected failure (500); the message carries a reference to the log line, never the exception text. */
public final class UnexpectedError extends DirectInvokeError {

    public UnexpectedError(String problemJson) {
        super(problemJson);
    }
}
