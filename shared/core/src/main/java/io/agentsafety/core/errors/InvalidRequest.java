package io.agentsafety.core.errors;

/** The request is invalid (400/413/415): the problem's errors name each bad field. Never retried. */
public final class InvalidRequest extends DirectInvokeError {

    public InvalidRequest(String problemJson) {
        super(problemJson);
    }
}
