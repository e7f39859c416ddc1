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
        // flag rows (the look-back through an identifier), window rows (merged windows)
        List<String> units = List.of("a", "AKIA", "eyJ", "ghp_", "pass", "api_key", "x-auth-key", "swmkey-1-", "\"auth\":",
            "key>", "password=", "Bearer ");
        for (String unit : units) {
            cpuNanos(unit, 4 * 1024); // warm the code paths of this unit
        }
        List<String> quadratic = new ArrayList<>();
        for (String unit : units) {
            long small = cpuNanos(unit, 16 * 1024);
            long large = cpuNanos(unit, 64 * 1024);
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
