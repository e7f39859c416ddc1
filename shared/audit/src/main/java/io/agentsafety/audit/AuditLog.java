package io.agentsafety.audit;

/**
 * The audit trail: every decision, transition, mutation and execution that matters is appended here.
 * Implementations redact every string of the entry before anything is written, fill in what the caller
 * left out from the current request (function, request id, authenticated principal), bound the write by
 * a short timeout and never throw: a failed append is logged, counted and answered {@link AuditWrite#failed()}.
 */
public interface AuditLog {

    AuditWrite append(AuditEntry entry);

    /**
     * For an entry whose write decides nothing (an approval transition: a failed write is logged and counted, never
     * returned): inside a batch this thread opened ({@link #openBatch}) it is held, in order, and written with the
     * thread's next {@link #append}, one wait for both (or when the batch closes); outside one it is appended now.
     */
    default void appendLater(AuditEntry entry) {
        append(entry);
    }

    /** Opens a batch on this thread, or joins the one already open (then closing the returned one does nothing). */
    default AuditBatch openBatch() {
        return AuditBatch.NONE;
    }
}
