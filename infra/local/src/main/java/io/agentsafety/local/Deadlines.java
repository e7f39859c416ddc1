package io.agentsafety.local;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workers' timeouts, enforced by one sweep every {@link #PERIOD_MS} ms instead of a timer task per invocation.
 * A task per invocation woke the timer thread on every request: at its schedule (when it became the queue's head,
 * with cancel-removal) or at its expiry (without), either way one more thread wanting one of the two cores per check
 * (BENCHMARK.md, 2026-12-07 evening). Arming and disarming a deadline is a volatile write; a timeout fires at most one
 * period late, which a function's Timeout in whole seconds does not notice.
 */
final class Deadlines {

    static final long PERIOD_MS = 50;
    private static final long IDLE = Long.MIN_VALUE;
    private static final Set<Deadline> ARMED_OR_IDLE = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "worker-timeouts");
        t.setDaemon(true);
        return t;
    });

    static {
        SWEEPER.scheduleWithFixedDelay(Deadlines::sweep, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private Deadlines() {
    }

    /** A deadline that runs {@code onExpiry} once when it passes while armed; {@link Deadline#close()} forgets it. */
    static Deadline register(Runnable onExpiry) {
        Deadline deadline = new Deadline(onExpiry);
        ARMED_OR_IDLE.add(deadline);
        return deadline;
    }

    private static void sweep() {
        long now = System.nanoTime();
        for (Deadline deadline : ARMED_OR_IDLE) {
            deadline.expireIfPast(now);
        }
    }

    static final class Deadline implements AutoCloseable {
        private final Runnable onExpiry;
        private final AtomicLong at = new AtomicLong(IDLE);

        private Deadline(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }

        void arm(long timeoutMillis) {
            at.set(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        }

        void disarm() {
            at.set(IDLE);
        }

        private void expireIfPast(long now) {
            long due = at.get();
            if (due != IDLE && now - due >= 0 && at.compareAndSet(due, IDLE)) {
                onExpiry.run();
            }
        }

        @Override
        public void close() {
            disarm();
            ARMED_OR_IDLE.remove(this);
        }
    }
}
