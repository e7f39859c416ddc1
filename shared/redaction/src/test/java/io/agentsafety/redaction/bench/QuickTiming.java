package io.agentsafety.redaction.bench;

import io.agentsafety.redaction.Redactor;

/**
 * Wall-clock timing without JMH, for quick iteration: {@code java ... QuickTiming}. The numbers in
 * BENCHMARK.md come from {@link RedactionBenchmark} (JMH).
 */
public final class QuickTiming {

    private QuickTiming() {
    }

    public static void main(String[] args) {
        Redactor redactor = Redactor.builtIn();
        int mb = 1 << 20;
        String[][] inputs = {
            {"mixed-10MB", BenchmarkData.mixedLog(10 * mb, 1)},
            {"clean-1MB", BenchmarkData.cleanLog(mb, 2)},
            {"a=-1MB", BenchmarkData.assignments(mb)},
            {"base64-1MB", BenchmarkData.base64Run(mb, 3)},
            {"keywords-1MB", BenchmarkData.keywordStorm(mb)},
        };
        for (String[] in : inputs) {
            for (int i = 0; i < 3; i++) {
                redactor.redact(in[1]);
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                redactor.redact(in[1]);
                best = Math.min(best, System.nanoTime() - t);
            }
            System.out.printf("%-14s %8.1f ms  %7.1f MB/s%n", in[0], best / 1e6, in[1].length() / (double) mb / (best / 1e9));
        }
    }
}
