package io.agentsafety.redaction.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The redactor's cost per call on short texts (the /check worker's ~10 calls per check: log messages, MDC, audit
 * values): thread CPU µs and bytes allocated per {@code redactToString} call, for two builds in one JVM (each build's
 * classes in its own loader, as {@link AlternatedTiming}), rounds alternated A B, B A … Run it at C1
 * ({@code -XX:TieredStopAtLevel=1}, as the worker runs) and at C2. One build only (a single directory) for profiling.
 * {@code java -cp <bench classes>:<deps> ...ShortTextCost <classes A> [<classes B>] [rounds] [calls]}.
 */
public final class ShortTextCost {

    /** A four-letter word, a UUID, a decision's log message (124 chars), a decision's audit document (~460 chars). */
    static final List<String> ALL_TEXTS = List.of(
        "deny",
        "3f2b8c1e-9d4a-4f6b-a2c7-5e8d1b0f7a93",
        "policy decision=require_approval tool=shell rule=prod-write run_id=run-7f3a9c2e actor=agent-42 reason=writes outside workspace",
        "{\"type\":\"policy_decision\",\"at\":\"2026-12-07T23:58:12.418Z\",\"request_id\":\"3f2b8c1e-9d4a-4f6b-a2c7-5e8d1b0f7a93\","
            + "\"run_id\":\"run-7f3a9c2e\",\"actor\":\"agent-42\",\"tool\":\"shell\",\"decision\":\"require_approval\","
            + "\"rules\":[\"prod-write\",\"network-egress\"],\"command\":\"kubectl apply -f deploy/prod.yaml --context prod\","
            + "\"reason\":\"writes to a production cluster need an approval\",\"approval_id\":\"apr-0b7d2e91\",\"risk\":\"high\","
            + "\"policy_version\":\"2026-12-07.3\",\"latency_ms\":3}");

    /** The texts measured: all, or those whose indexes {@code -Dtexts=0,3} names (to profile one of them). */
    static final List<String> TEXTS = System.getProperty("texts") == null ? ALL_TEXTS
        : Arrays.stream(System.getProperty("texts").split(",")).map(i -> ALL_TEXTS.get(Integer.parseInt(i.trim()))).toList();

    private ShortTextCost() {
    }

    public static void main(String[] args) throws Throwable {
        List<String> builds = new ArrayList<>();
        int i = 0;
        while (i < args.length && !args[i].matches("\\d+")) {
            builds.add(args[i++]);
        }
        int rounds = i < args.length ? Integer.parseInt(args[i++]) : 12;
        int calls = i < args.length ? Integer.parseInt(args[i]) : 20_000;
        MethodHandle[] redact = new MethodHandle[builds.size()];
        for (int b = 0; b < redact.length; b++) {
            redact[b] = engine(builds.get(b));
        }
        for (String text : TEXTS) {
            for (int b = 0; b < redact.length; b++) {
                String out = (String) redact[b].invoke(text);
                if (!out.equals(redact[0].invoke(text))) {
                    System.out.println("WARNING: outputs differ for " + text);
                }
            }
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int n = redact.length;
        double[][][] cpu = new double[TEXTS.size()][n][rounds];
        double[][][] bytes = new double[TEXTS.size()][n][rounds];
        long sink = 0;
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            for (int t = 0; t < TEXTS.size(); t++) {
                String text = TEXTS.get(t);
                for (int k = 0; k < n; k++) {
                    int b = (Math.max(r, 0) + k) % n;
                    long c = threads.getCurrentThreadCpuTime();
                    long a = threads.getThreadAllocatedBytes(id);
                    for (int j = 0; j < calls; j++) {
                        sink += ((String) redact[b].invoke(text)).length();
                    }
                    if (r >= 0) {
                        cpu[t][b][r] = (threads.getCurrentThreadCpuTime() - c) / 1e3 / calls;
                        bytes[t][b][r] = (double) (threads.getThreadAllocatedBytes(id) - a) / calls;
                    }
                }
            }
        }
        for (int t = 0; t < TEXTS.size(); t++) {
            for (int b = 0; b < n; b++) {
                double[] c = cpu[t][b].clone();
                Arrays.sort(c);
                double[] a = bytes[t][b].clone();
                Arrays.sort(a);
                System.out.printf("%s len=%4d cpu us median %.2f best %.2f  bytes median %.0f  all cpu %s%n",
                    (char) ('A' + b), TEXTS.get(t).length(), c[rounds / 2], c[0], a[rounds / 2],
                    Arrays.toString(Arrays.stream(cpu[t][b]).mapToObj(v -> String.format("%.2f", v)).toArray()));
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    /** The build's {@code Redactor.builtIn().redactToString} as a handle. */
    private static MethodHandle engine(String classes) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(classes).toUri().toURL()},
            ShortTextCost.class.getClassLoader());
        Class<?> redactor = Class.forName("io.agentsafety.redaction.Redactor", true, loader);
        if (redactor.getClassLoader() != loader) {
            throw new IllegalStateException("the classpath holds the engine: " + redactor.getProtectionDomain().getCodeSource());
        }
        Object instance = redactor.getMethod("builtIn").invoke(null);
        return MethodHandles.publicLookup().findVirtual(redactor, "redactToString", MethodType.methodType(String.class, String.class))
            .bindTo(instance).asType(MethodType.methodType(Object.class, String.class));
    }
}
