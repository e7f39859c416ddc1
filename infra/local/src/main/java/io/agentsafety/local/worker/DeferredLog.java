package io.agentsafety.local.worker;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The function's log (its stdout and stderr, both go to the worker's stderr) held back during an invocation and
 * written once after the answer ({@link #drain}), so the runner's log relay, which redacts every line, wakes once
 * per invocation instead of once per line and no longer competes with the handler for the CPU (infra/local
 * BENCHMARK.md). Callers' {@code flush()} calls are deferred to {@link #drain}; a daemon thread drains every
 * {@link #LATENCY_MILLIS} (start-up logs, long invocations, a worker about to be killed by its timeout), and a
 * shutdown hook drains at exit. A worker that dies by SIGKILL or OOM loses at most that much of its log.
 */
final class DeferredLog extends OutputStream {

    static final long LATENCY_MILLIS = 100;

    private final OutputStream out;
    private final long periodMillis;
    private final byte[] buffer = new byte[64 * 1024];
    private int count;

    DeferredLog(OutputStream out) {
        this(out, LATENCY_MILLIS);
    }

    DeferredLog(OutputStream out, long periodMillis) {
        this.out = out;
        this.periodMillis = periodMillis;
        Thread drainer = new Thread(this::drainLoop, "log-drain");
        drainer.setDaemon(true);
        drainer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::drain, "log-drain-at-exit"));
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (count == buffer.length) {
            drainLocked();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len > buffer.length - count) {
            drainLocked();
            if (len >= buffer.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    /** Deferred: see {@link #drain}. */
    @Override
    public void flush() {
    }

    /** Writes what is held back; never throws (a closed stderr loses the log, not the invocation). */
    synchronized void drain() {
        try {
            drainLocked();
        } catch (IOException gone) {
            count = 0;
        }
    }

    private void drainLocked() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }

    /** Polls rather than being woken by a write: a wake-up per invocation is what this class saves. */
    private void drainLoop() {
        try {
            while (true) {
                Thread.sleep(periodMillis);
                drain();
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }
}
