package io.agentsafety.audit;

/**
 * The audit trail: every decision, transition, mutation and execution that matters is appended here.
 * Implementations redact every string of the entry before anything is written, fill in what the caller
 * left out from the current request (function, request id, authenticated principal), bound the write by
 * a short timeout and never throw: a failed append is logged, counted and answered {@link AuditWrite#failed()}.
 */
public interface AuditLog {

    AuditWrite append(AuditEntry entry);
}
