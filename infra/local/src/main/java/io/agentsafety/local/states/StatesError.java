package io.agentsafety.local.states;

/**
 * A failure inside an execution, with the States Language's error name ({@code States.Timeout},
 * {@code Lambda.ServiceException}, a function's {@code errorType}…) and cause: what {@code Retry} and {@code Catch}
 * match on.
 */
public final class StatesError extends Exception {

    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** {@code States.Runtime}: a definition or path problem; never retried or caught by {@code States.ALL}. */
    static StatesError runtime(String cause) {
        return new StatesError("States.Runtime", cause);
    }
}
