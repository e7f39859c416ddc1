package io.agentsafety.core.errors;

/** The named thing does not exist (404), e.g. a sandbox or reservation that is gone. */
public final class NotFound extends DirectInvokeError {

    public NotFound(String problemJson) {
        super(problemJson);
    }
}
