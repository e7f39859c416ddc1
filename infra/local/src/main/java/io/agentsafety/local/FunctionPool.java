package io.agentsafety.local;

import io.agentsafety.local.template.FunctionDef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The execution environments of one function, like Lambda's: each worker serves one invocation at a time. A
 * fair semaphore hands out at most {@code maxWorkers} slots in arrival order (so a queued request is never
 * overtaken indefinitely); a slot holder takes an idle worker or, when none is idle, starts one. Workers start on
 * first use (or on {@link #warm()}); a worker found dead (killed, crashed, timed out, out of memory) or outdated
 * (its jar was rebuilt, e.g. by {@code ./mvnw package} while the runner runs) is discarded and the request starts
 * a fresh one.
 */
final class FunctionPool {

    private static final long ACQUIRE_WAIT_MS = TimeUnit.SECONDS.toMillis(90);

    private final FunctionDef function;
    private final Supplier<Map<String, String>> environment;
    private final WorkerOptions options;
    private final Semaphore slots;
    private final Deque<WorkerProcess> idle = new ArrayDeque<>();
    private final List<WorkerProcess> all = new ArrayList<>();
    private boolean closed;

    FunctionPool(FunctionDef function, Supplier<Map<String, String>> environment, WorkerOptions options) {
        this.function = function;
        this.environment = environment;
        this.options = options;
        this.slots = new Semaphore(options.maxWorkersPerFunction(), true);
    }

    Invocation invoke(byte[] event) throws WorkerException {
        try {
            return invokeOnce(event);
        } catch (WorkerException e) {
            if (e.kind() != WorkerException.Kind.UNDELIVERED) {
                throw e;
            }
            // Nothing ran: a worker that died while idle is replaced and the request sent once more.
            Log.warn(e.getMessage() + "; retrying on a new worker");
            return invokeOnce(event);
        }
    }

    private Invocation invokeOnce(byte[] event) throws WorkerException {
        WorkerProcess worker = acquire();
        try {
            return worker.invoke(event, UUID.randomUUID().toString());
        } finally {
            release(worker);
        }
    }

    void warm() throws WorkerException {
        release(acquire());
    }

    synchronized List<Long> pids() {
        return all.stream().filter(WorkerProcess::isAlive).map(WorkerProcess::pid).toList();
    }

    void close() {
        List<WorkerProcess> workers;
        synchronized (this) {
            closed = true;
            workers = new ArrayList<>(all);
            all.clear();
            idle.clear();
        }
        workers.forEach(WorkerProcess::stop);
    }

    private WorkerProcess acquire() throws WorkerException {
        try {
            if (!slots.tryAcquire(ACQUIRE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new WorkerException(WorkerException.Kind.BUSY, function.logicalId() + ": all workers busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerException(WorkerException.Kind.BUSY, "interrupted");
        }
        try {
            WorkerProcess worker = idleWorker();
            return worker != null ? worker : startWorker();
        } catch (WorkerException | RuntimeException | Error e) {
            slots.release();
            throw e;
        }
    }

    private synchronized WorkerProcess idleWorker() throws WorkerException {
        if (closed) {
            throw new WorkerException(WorkerException.Kind.BUSY, "the runner is shutting down");
        }
        for (WorkerProcess worker; (worker = idle.pollFirst()) != null; ) {
            if (worker.isAlive() && !worker.isStale()) {
                return worker;
            }
            all.remove(worker);
            if (worker.isAlive()) {
                Log.info(function.logicalId() + ": " + function.codeUri().getFileName() + " was rebuilt, replacing worker pid " + worker.pid());
                worker.stopInBackground();
            } else {
                Log.warn(function.logicalId() + ": worker pid " + worker.pid() + " is gone, starting a new one");
            }
        }
        return null; // holding a slot with no idle worker: fewer than maxWorkers exist, so one may start
    }

    /** Outside the lock: a cold JVM takes seconds, and other slot holders may be served meanwhile. */
    private WorkerProcess startWorker() throws WorkerException {
        long begin = System.nanoTime();
        WorkerProcess started = WorkerProcess.start(function, environment.get(), options);
        Log.info(function.logicalId() + ": worker pid " + started.pid() + " ready in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms");
        boolean closedMeanwhile;
        synchronized (this) {
            closedMeanwhile = closed;
            if (!closed) {
                all.add(started);
            }
        }
        if (closedMeanwhile) {
            started.stop();
            throw new WorkerException(WorkerException.Kind.BUSY, "the runner is shutting down");
        }
        return started;
    }

    private void release(WorkerProcess worker) {
        boolean stopNow;
        synchronized (this) {
            stopNow = closed;
            if (!closed) {
                if (worker.isAlive()) {
                    idle.addFirst(worker);
                } else {
                    all.remove(worker);
                }
            }
        }
        slots.release();
        if (stopNow) {
            worker.stop();
        }
    }
}
