package io.agentsafety.testing.e2b;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failure scripts of the protocol's §9.3, switched on by tests. Counters are "the next N calls";
 * command faults are keyed by the exact command string given to {@code bash -c}.
 */
public final class Faults {

    /** What Start does at {@code Connect-Timeout-Ms} (the real order is a race, so a client must handle all). */
    public enum DeadlineBehaviour {
        /** {@code 02 {"error":{"code":"deadline_exceeded",…}}} (the default) */
        ERROR_FRAME,
        /** an {@code end} with {@code exitCode:-1, status:"signal: killed"}, then the error frame */
        END_KILLED_THEN_ERROR,
        /** only a connection reset */
        RESET,
        /** ignore the header: only the client's own deadline (and its SendSignal) can stop the process */
        IGNORE
    }

    /** Scripted stream misbehaviour for one command string. */
    public enum CommandFault {
        /** run for real, send {@code end}, then finish the body cleanly without the 0x02 frame (#12) */
        MISSING_END_STREAM,
        /** HTTP 200 whose only frame is {@code 02 {"error":{"code":"invalid_argument",…}}} (#13) */
        ERROR_BEFORE_OUTPUT,
        /** cut the connection (no end-stream) after the first data event; the sandbox stays alive (#7) */
        RESET_AFTER_OUTPUT
    }

    /** How envelopes are cut into HTTP chunks. */
    public enum Chunking {
        /** one flush per envelope */
        PER_FRAME,
        /** every envelope written in 7-byte pieces, each flushed: headers and payloads split across chunks */
        SPLIT,
        /** envelopes accumulated and flushed together (several per chunk) until output pauses */
        MERGED
    }

    final AtomicInteger rateLimitedCreates = new AtomicInteger();
    volatile int retryAfterSeconds = 1;
    final AtomicInteger concurrencyLimitedCreates = new AtomicInteger();
    final AtomicInteger busyCreates = new AtomicInteger();
    volatile boolean diskFull;
    volatile DeadlineBehaviour deadline = DeadlineBehaviour.ERROR_FRAME;
    volatile Chunking chunking = Chunking.PER_FRAME;
    volatile boolean keepaliveBetweenData;
    volatile boolean protocolNoise;
    volatile Duration keepaliveInterval;
    final Map<String, CommandFault> commandFaults = new ConcurrentHashMap<>();

    /** The next {@code n} creates answer 429 with {@code Retry-After: seconds} (rate limit, #3). */
    public Faults rateLimitCreates(int n, int retryAfter) {
        rateLimitedCreates.set(n);
        retryAfterSeconds = retryAfter;
        return this;
    }

    /** The next {@code n} creates answer 429 without {@code Retry-After} (concurrency limit, #3). */
    public Faults concurrencyLimitCreates(int n) {
        concurrencyLimitedCreates.set(n);
        return this;
    }

    /** The next {@code n} creates answer 503 (#4). */
    public Faults busyCreates(int n) {
        busyCreates.set(n);
        return this;
    }

    /** Every {@code POST /files} answers 507 (#14). */
    public Faults diskFull(boolean on) {
        diskFull = on;
        return this;
    }

    public Faults deadline(DeadlineBehaviour behaviour) {
        deadline = behaviour;
        return this;
    }

    public Faults chunking(Chunking mode) {
        chunking = mode;
        return this;
    }

    /** A {@code keepalive} event after every data event (#9). */
    public Faults keepaliveBetweenData(boolean on) {
        keepaliveBetweenData = on;
        return this;
    }

    /** Spaces after commas and unknown fields in every event (#11). */
    public Faults protocolNoise(boolean on) {
        protocolNoise = on;
        return this;
    }

    /** Overrides {@code Keepalive-Ping-Interval} (whole seconds) so silent streams keep alive faster (#15). */
    public Faults keepaliveInterval(Duration interval) {
        keepaliveInterval = interval;
        return this;
    }

    public Faults onCommand(String command, CommandFault fault) {
        commandFaults.put(command, fault);
        return this;
    }

    public void reset() {
        rateLimitedCreates.set(0);
        concurrencyLimitedCreates.set(0);
        busyCreates.set(0);
        diskFull = false;
        deadline = DeadlineBehaviour.ERROR_FRAME;
        chunking = Chunking.PER_FRAME;
        keepaliveBetweenData = false;
        protocolNoise = false;
        keepaliveInterval = null;
        commandFaults.clear();
    }

    static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
