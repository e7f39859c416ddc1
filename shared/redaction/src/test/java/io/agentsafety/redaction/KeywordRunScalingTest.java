package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A text that is one keyword repeated (aaaa…, AKIAAKIA…, passpass…) hits the prefilter at every few characters. Each
 * hit must cost a bounded amount, or the redactor is quadratic: before this guard, 64 KB of "a" took 28 s (a hit of
 * the 22-"a" token keyword at every position, each running its regex) and 64 KB of "x-auth-key" 2.4 s of CPU.
 * One keyword per anchor kind and per way it went wrong; the cost is CPU time of this thread for 16 KB and for
 * 4 × that: linear work gives a ratio near 4, quadratic work near 16. Not a speed claim (BENCHMARK.md has those),
 * a complexity guard with a wide margin.
 */
class KeywordRunScalingTest {

    private static final Redactor REDACTOR = Redactor.builtIn();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void aTextOfOneRepeatedKeywordCostsLinearTime() {
        // token rows (self-overlapping keyword, prefix keyword), key/assign/label rows (hits inside one long identifier),
        // flag rows (the look-back through an identifier). Rows whose hits are followed by a value ("auth": …, key>…)
        // cost up to their window (4 KB) per hit by design: linear only past that size, so not measured here.
        List<String> units = List.of("a", "AKIA", "eyJ", "ghp_", "pass", "api_key", "x-auth-key", "swmkey-1-");
        for (String unit : units) {
            cpuNanos(unit, 64 * 1024); // warm (compile) the code paths of this unit at the larger size
        }
        List<String> quadratic = new ArrayList<>();
        for (String unit : units) {
            // the least of three runs: a run that met a compilation or a busy machine's cache misses reads high
            long small = Math.min(cpuNanos(unit, 16 * 1024), Math.min(cpuNanos(unit, 16 * 1024), cpuNanos(unit, 16 * 1024)));
            long large = Math.min(cpuNanos(unit, 64 * 1024), Math.min(cpuNanos(unit, 64 * 1024), cpuNanos(unit, 64 * 1024)));
            // +20 ms: a few milliseconds of noise on a tiny baseline must not read as a ratio
            if (large > 8 * small + 20_000_000L) {
                quadratic.add(unit + ": 16 KB " + small / 1_000_000 + " ms, 64 KB " + large / 1_000_000 + " ms");
            }
        }
        assertEquals(List.of(), quadratic);
    }

    private static long cpuNanos(String unit, int length) {
        String text = unit.repeat(length / unit.length());
        long start = THREADS.getCurrentThreadCpuTime();
        REDACTOR.redact(text);
        return THREADS.getCurrentThreadCpuTime() - start;
    }
}
