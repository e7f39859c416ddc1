package io.agentsafety.redaction.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;

/**
 * Cold-start cost of the built-in redactor (issue 17), meant for a fresh JVM per run: the CPU and wall time of
 * {@code Redactor.builtIn()} (table load, regex compiles, automaton), then of the first {@code redact} of a small
 * log excerpt with a secret (what a function pays on its first request), and of a first redact of the whole
 * 1 MiB mixed log (every row the log's keywords reach). One line per run:
 * {@code for i in 1 2 3 4 5; do java -XX:TieredStopAtLevel=1 -cp <bench>:<engine>:<deps> ...StartCost; done}.
 * Reflection keeps the bench usable against older engine builds (no compile-time link to new API).
 */
public final class StartCost {

    private StartCost() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String small = "2025-06-20T12:20:20.110Z DEBUG http-client GET https://api.example.org/v2/items -> 200 (token_count=4085)\n"
            + "{\"level\":\"info\",\"msg\":\"config\",\"api_key\":\"Zk3q9X2mLw8Rt5Yv1Bn7Cd4Fg6Hj0Kp\"}\n";
        String mixed = BenchmarkData.mixedLog(1 << 20, 1);
        long c0 = threads.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        Class<?> type = Class.forName("io.agentsafety.redaction.Redactor");
        Object redactor = type.getMethod("builtIn").invoke(null);
        long c1 = threads.getCurrentThreadCpuTime();
        long w1 = System.nanoTime();
        Method redact = type.getMethod("redact", String.class);
        Object first = redact.invoke(redactor, small);
        long c2 = threads.getCurrentThreadCpuTime();
        long w2 = System.nanoTime();
        redact.invoke(redactor, mixed);
        long c3 = threads.getCurrentThreadCpuTime();
        long w3 = System.nanoTime();
        String out = String.valueOf(first.getClass().getMethod("redacted").invoke(first));
        if (out.contains("Zk3q9X2mLw8Rt5Yv1Bn7Cd4Fg6Hj0Kp")) {
            throw new IllegalStateException("the sample's secret was not redacted");
        }
        System.out.printf("builtIn cpu %.1f ms wall %.1f ms | first small redact cpu %.1f wall %.1f | first 1 MiB mixed cpu %.1f wall %.1f"
                + " | process cpu %.0f ms%n",
            (c1 - c0) / 1e6, (w1 - w0) / 1e6, (c2 - c1) / 1e6, (w2 - w1) / 1e6, (c3 - c2) / 1e6, (w3 - w2) / 1e6,
            ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6);
    }
}
