package io.agentsafety.redaction.bench;

import io.agentsafety.redaction.Redactor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Timing without JMH that also reports the CPU time of the redacting thread, which (unlike wall time)
 * is not inflated when other processes compete for the cores: {@code java ... QuickTiming [input...]}
 * (e.g. {@code "mixed 10 MB"}; all inputs without arguments). Best of 7 runs after 3 warm-up runs, per input.
 */
public final class QuickTiming {

    private QuickTiming() {
    }

    public static void main(String[] args) {
        Redactor redactor = Redactor.builtIn();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int mb = 1 << 20;
        Object[][] inputs = {
            {"mixed 1 MB", BenchmarkData.mixedLog(mb, 1)},
            {"mixed 10 MB", BenchmarkData.mixedLog(10 * mb, 1)},
            {"mixed 50 MB", BenchmarkData.mixedLog(50 * mb, 1)},
            {"clean 1 MB", BenchmarkData.cleanLog(mb, 2)},
            {"a= 1 MB", BenchmarkData.assignments(mb)},
            {"base64 1 MB", BenchmarkData.base64Run(mb, 3)},
            {"keywords 1 MB", BenchmarkData.keywordStorm(mb)},
        };
        System.out.printf("%-14s %10s %10s %10s %10s%n", "input", "wall ms", "cpu ms", "wall MB/s", "cpu MB/s");
        java.util.List<String> only = java.util.List.of(args);
        for (Object[] in : inputs) {
            if (!only.isEmpty() && !only.contains((String) in[0])) {
                continue;
            }
            String text = (String) in[1];
            for (int i = 0; i < 3; i++) {
                redactor.redact(text);
            }
            long bestWall = Long.MAX_VALUE;
            long bestCpu = Long.MAX_VALUE;
            for (int i = 0; i < 7; i++) {
                long c = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                redactor.redact(text);
                bestWall = Math.min(bestWall, System.nanoTime() - t);
                bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - c);
            }
            double size = text.length() / (double) mb;
            System.out.printf("%-14s %10.1f %10.1f %10.1f %10.1f%n", in[0], bestWall / 1e6, bestCpu / 1e6,
                size / (bestWall / 1e9), size / (bestCpu / 1e9));
        }
    }
}
