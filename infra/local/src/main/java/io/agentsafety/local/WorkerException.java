package io.agentsafety.local;

/** A worker could not produce a function result: it failed to start, crashed, or overran its timeout. */
public final class WorkerException extends Exception {

    /** UNDELIVERED: the worker was gone before it could read the request, so sending it again is safe. */
    public enum Kind { INIT_FAILED, CRASHED, TIMEOUT, BUSY, UNDELIVERED }

    private final Kind kind;

    public WorkerException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
