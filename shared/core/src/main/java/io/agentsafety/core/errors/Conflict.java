package io.agentsafety.core.errors;

/** The state does not allow it (409), e.g. a reservation already settled. */
public final class Conflict extends DirectInvokeError {

    public Conflict(String problemJson) {
        super(problemJson);
    }
}
