package io.agentsafety.budget.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

/** What the client-side benches measure per call: the calling thread's CPU and allocation, and the JVM's CPU. */
public final class ThreadCost {

    private ThreadCost() {
    }

    /**
     * Runs {@code call} {@code calls} times; per call: the thread's CPU µs, its allocated bytes, the JVM's CPU µs. The
     * calls' answers are summed into a value the loop uses, so the JIT cannot drop a call whose answer is unused.
     */
    public static double[] perCall(int calls, LongSupplier call) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long id = Thread.currentThread().getId();
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getThreadAllocatedBytes(id);
        long process = os.getProcessCpuTime();
        long sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += call.getAsLong();
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new double[]{(threads.getCurrentThreadCpuTime() - cpu) / 1e3 / calls,
            (double) (threads.getThreadAllocatedBytes(id) - bytes) / calls, (os.getProcessCpuTime() - process) / 1e3 / calls};
    }

    /** The median (the upper one of an even count), as every bench here reports it. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
