package io.agentsafety.core.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every fuzz target of this module shares: how fuzzer bytes become a Java string, and the per-input time
 * bound. (A copy lives in each fuzzed module's tests: the modules share no test code.)
 */
final class FuzzBounds {

    /** An input that needs more CPU than this is a finding: one request must never cost the function seconds. */
    static final long MAX_CPU_NANOS = 1_000_000_000L;
    /**
     * Wall-clock bound for a hang ({@code @Timeout}): per input in regression runs; in fuzzing runs Jazzer passes it
     * to libFuzzer as {@code -timeout} while JUnit's own timeout is switched off (see the module pom). Generous
     * because the build machine is shared: a hang never ends, a slow input is caught by the CPU bound.
     */
    static final long HANG_SECONDS = 60;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FuzzBounds() {
    }

    /**
     * UTF-8, or UTF-16BE after a leading 0xFE byte: JSON escapes reach the code with strings UTF-8 cannot carry
     * (lone surrogates), so the fuzzer can produce those too.
     */
    static String text(byte[] data) {
        if (data.length > 0 && data[0] == (byte) 0xFE) {
            return new String(data, 1, data.length - 1, StandardCharsets.UTF_16BE);
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code work} and fails when it took more than {@link #MAX_CPU_NANOS} of this thread's CPU time. CPU
     * time rather than wall time: the machine is shared, and a busy neighbour must not make an input "slow".
     */
    static <T> T withinTimeBound(String what, Supplier<T> work) {
        long start = THREADS.getCurrentThreadCpuTime();
        T result = work.get();
        long spent = THREADS.getCurrentThreadCpuTime() - start;
        if (spent > MAX_CPU_NANOS) {
            fail(what + " took " + spent / 1_000_000 + " ms of CPU for one input (bound "
                + MAX_CPU_NANOS / 1_000_000 + " ms)");
        }
        return result;
    }
}
