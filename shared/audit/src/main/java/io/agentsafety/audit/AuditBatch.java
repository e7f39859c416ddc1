package io.agentsafety.audit;

/**
 * A batch of one thread's audit entries ({@link AuditLog#openBatch}): entries given to {@link AuditLog#appendLater}
 * while it is open wait for the thread's next {@link AuditLog#append} and are sent with it, all issued before the
 * thread waits, so a check that creates an approval waits once for both entries instead of twice. Closing the batch writes what it still
 * holds (an exception left no later append) and never throws. Close it in a {@code finally} on the thread that
 * opened it, before the answer leaves: nothing may be left to write after the response (Lambda freezes the process).
 */
public interface AuditBatch extends AutoCloseable {

    /** No batch: {@link AuditLog#appendLater} appends at once. */
    AuditBatch NONE = () -> {
    };

    @Override
    void close();
}
