package io.agentsafety.redaction.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Same-JVM A/B timing of two builds of the engine: each build's classes directory in its own class loader, calls
 * alternated A B B A … so that the machine's load (shared with other builds) falls on both alike, and the CPU time of
 * the redacting thread, which other processes do not inflate. Reports median and best per build.
 * {@code java -cp <bench classes>:<deps> ...AlternatedTiming <classes A> <classes B> [input] [rounds]}; the classpath
 * must not hold either build's engine classes (each loader finds them in its own directory first).
 * Inputs: {@code mixed10} (default), {@code mixed1}, {@code clean}, {@code a=}, {@code base64}, {@code keywords}, or
 * {@code file:<path>} (a UTF-8 file, e.g. a trigger-dense sample of one format).
 */
public final class AlternatedTiming {

    private AlternatedTiming() {
    }

    public static void main(String[] args) throws Throwable {
        String input = args.length > 2 ? args[2] : "mixed10";
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int mb = 1 << 20;
        String text = switch (input) {
            case "mixed10" -> BenchmarkData.mixedLog(10 * mb, 1);
            case "mixed1" -> BenchmarkData.mixedLog(mb, 1);
            case "clean" -> BenchmarkData.cleanLog(mb, 2);
            case "a=" -> BenchmarkData.assignments(mb);
            case "base64" -> BenchmarkData.base64Run(mb, 3);
            case "keywords" -> BenchmarkData.keywordStorm(mb);
            default -> {
                if (!input.startsWith("file:")) {
                    throw new IllegalArgumentException("unknown input " + input);
                }
                yield java.nio.file.Files.readString(Path.of(input.substring(5)));
            }
        };
        MethodHandle[] redact = {engine(args[0]), engine(args[1])};
        int[] findings = new int[2];
        for (int warm = 0; warm < 4; warm++) {
            for (int b = 0; b < 2; b++) {
                findings[b] = (int) redact[b].invoke(text);
            }
        }
        if (findings[0] != findings[1]) {
            System.out.println("WARNING: findings differ: A " + findings[0] + ", B " + findings[1]);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<List<Long>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int b = (r + k) % 2; // A B, B A, A B …
                long c = threads.getCurrentThreadCpuTime();
                redact[b].invoke(text);
                cpu.get(b).add(threads.getCurrentThreadCpuTime() - c);
            }
        }
        double megabytes = text.length() / 1e6;
        for (int b = 0; b < 2; b++) {
            long[] t = cpu.get(b).stream().mapToLong(Long::longValue).sorted().toArray();
            double median = t[t.length / 2] / 1e6;
            double best = t[0] / 1e6;
            System.out.printf("%s %-8s findings=%d cpu ms median %.1f best %.1f (%.1f / %.1f MB/s) all %s%n",
                b == 0 ? "A" : "B", input, findings[b], median, best, megabytes / (median / 1e3), megabytes / (best / 1e3),
                Arrays.toString(Arrays.stream(t).mapToObj(v -> String.format("%.0f", v / 1e6)).toArray()));
        }
    }

    /** The build's {@code Redactor.builtIn()} as a handle from text to its number of findings. */
    private static MethodHandle engine(String classes) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(classes).toUri().toURL()},
            AlternatedTiming.class.getClassLoader());
        Class<?> redactor = Class.forName("io.agentsafety.redaction.Redactor", true, loader);
        if (redactor.getClassLoader() != loader) {
            throw new IllegalStateException("the classpath holds the engine: " + redactor.getProtectionDomain().getCodeSource());
        }
        Object instance = redactor.getMethod("builtIn").invoke(null);
        Class<?> result = Class.forName("io.agentsafety.redaction.RedactionResult", true, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle redact = lookup.findVirtual(redactor, "redact", MethodType.methodType(result, String.class)).bindTo(instance);
        MethodHandle findings = lookup.findVirtual(result, "findings", MethodType.methodType(List.class));
        MethodHandle size = lookup.findVirtual(List.class, "size", MethodType.methodType(int.class));
        return MethodHandles.filterReturnValue(MethodHandles.filterReturnValue(redact, findings), size)
            .asType(MethodType.methodType(Object.class, String.class));
    }
}
