package io.agentsafety.audit;

/**
 * The outcome of one append: {@code written} with the stream id, or not written (Redis down, slow or
 * refusing). An append never throws: whether an unwritten entry matters is the caller's decision
 * (see {@link AuditRequirement}).
 */
public record AuditWrite(boolean written, String id) {

    public static AuditWrite written(String id) {
        return new AuditWrite(true, id);
    }

    public static AuditWrite failed() {
        return new AuditWrite(false, null);
    }
}
