package io.agentsafety.testing.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every fuzz target shares (core's JSON binding, the shell analysis, the SQL and URL checks, the redactor): how
 * fuzzer bytes become a Java string, and the per-input time bound.
 */
public final class FuzzBounds {

    /** An input that needs more CPU than this is a finding: one request must never cost the function seconds. */
    public static final long MAX_CPU_NANOS = 1_000_000_000L;
    /**
     * Wall-clock bound for a hang ({@code @Timeout}): per input in regression runs; in fuzzing runs Jazzer passes it
     * to libFuzzer as {@code -timeout} while JUnit's own timeout is switched off (see the module pom). Generous
     * because the build machine is shared: a hang never ends, a slow input is caught by the CPU bound.
     */
    public static final long HANG_SECONDS = 60;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FuzzBounds() {
    }

    /**
     * UTF-8, or UTF-16BE after a leading 0xFE byte: JSON escapes reach the code with strings UTF-8 cannot carry
     * (lone surrogates), so the fuzzer can produce those too.
     */
    public static String text(byte[] data) {
        if (data.length > 0 && data[0] == (byte) 0xFE) {
            return new String(data, 1, data.length - 1, StandardCharsets.UTF_16BE);
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code work} and fails when it took more than {@link #MAX_CPU_NANOS} of this thread's CPU time. CPU
     * time rather than wall time: the machine is shared, and a busy neighbour must not make an input "slow".
     */
    public static <T> T withinTimeBound(String what, Supplier<T> work) {
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
