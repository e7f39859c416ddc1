package io.agentsafety.local;

import io.agentsafety.local.template.FunctionDef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The execution environments of one function, like Lambda's: each worker serves one invocation at a time;
 * a request finding all workers busy starts another, up to {@code maxWorkers}, else waits for one. Workers start
 * on first use (or on {@link #warm()}); a worker found dead (killed, crashed, timed out, out of memory) is
 * discarded and the next request starts a fresh one.
 */
final class FunctionPool {

    private static final long ACQUIRE_WAIT_MS = TimeUnit.SECONDS.toMillis(90);

    private final FunctionDef function;
    private final Supplier<Map<String, String>> environment;
    private final WorkerOptions options;
    private final Deque<WorkerProcess> idle = new ArrayDeque<>();
    private final List<WorkerProcess> all = new ArrayList<>();
    private int starting;
    private boolean closed;

    FunctionPool(FunctionDef function, Supplier<Map<String, String>> environment, WorkerOptions options) {
        this.function = function;
        this.environment = environment;
        this.options = options;
    }

    Invocation invoke(byte[] event) throws WorkerException {
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
            notifyAll();
        }
        workers.forEach(WorkerProcess::stop);
    }

    private WorkerProcess acquire() throws WorkerException {
        long deadline = System.currentTimeMillis() + ACQUIRE_WAIT_MS;
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new WorkerException(WorkerException.Kind.BUSY, "the runner is shutting down");
                }
                WorkerProcess worker = idle.pollFirst();
                if (worker != null) {
                    if (worker.isAlive()) {
                        return worker;
                    }
                    all.remove(worker);
                    Log.warn(function.logicalId() + ": worker pid " + worker.pid() + " is gone, starting a new one");
                    continue;
                }
                if (all.size() + starting < options.maxWorkersPerFunction()) {
                    starting++;
                    break;
                }
                long wait = deadline - System.currentTimeMillis();
                if (wait <= 0) {
                    throw new WorkerException(WorkerException.Kind.BUSY, function.logicalId() + ": all workers busy");
                }
                try {
                    wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WorkerException(WorkerException.Kind.BUSY, "interrupted");
                }
            }
        }
        // start outside the lock: a cold JVM takes seconds and other requests may be served meanwhile
        WorkerProcess started = null;
        try {
            long begin = System.nanoTime();
            started = WorkerProcess.start(function, environment.get(), options);
            Log.info(function.logicalId() + ": worker pid " + started.pid() + " ready in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms");
            return started;
        } finally {
            synchronized (this) {
                starting--;
                if (started != null) {
                    all.add(started);
                }
                notifyAll();
            }
        }
    }

    private void release(WorkerProcess worker) {
        boolean stopNow = false;
        synchronized (this) {
            if (closed) {
                stopNow = true;
            } else if (worker.isAlive()) {
                idle.addFirst(worker);
            } else {
                all.remove(worker);
            }
            notifyAll();
        }
        if (stopNow) {
            worker.stop();
        }
    }
}
