package io.agentsafety.redaction.bench;

import io.agentsafety.redaction.ComparisonBaselines;
import io.agentsafety.redaction.RedactionResult;
import io.agentsafety.redaction.Redactor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH: time to redact one input (single thread). Throughput in MB/s = size / time. Run with
 * {@code java -cp <test classpath> org.openjdk.jmh.Main RedactionBenchmark} (see BENCHMARK.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class RedactionBenchmark {

    @State(Scope.Benchmark)
    public static class Mixed {
        @Param({"1", "10", "50"})
        public int megabytes;
        public String text;
        public Redactor redactor;

        @Setup(Level.Trial)
        public void setup() {
            text = BenchmarkData.mixedLog(megabytes << 20, 1);
            redactor = Redactor.builtIn();
        }
    }

    /**
     * The same mixed log for the plain java.util.regex baseline (every row's regex, find() over the whole text). Its own
     * size parameter, 1 MiB by default (the first MiB of the same log): the scan is linear, and at ~30 s per MiB a
     * 10 MiB call would take minutes.
     */
    @State(Scope.Benchmark)
    public static class Plain {
        @Param({"1"})
        public int plainMegabytes;
        public String text;
        public ComparisonBaselines.PlainPatterns patterns;

        @Setup(Level.Trial)
        public void setup() {
            text = BenchmarkData.mixedLog(plainMegabytes << 20, 1);
            patterns = ComparisonBaselines.plainPatterns();
        }
    }

    @State(Scope.Benchmark)
    public static class Pathological {
        @Param({"clean", "a=", "base64", "keywords"})
        public String input;
        public String text;
        public Redactor redactor;

        @Setup(Level.Trial)
        public void setup() {
            int mb = 1 << 20;
            text = switch (input) {
                case "clean" -> BenchmarkData.cleanLog(mb, 2);
                case "a=" -> BenchmarkData.assignments(mb);
                case "base64" -> BenchmarkData.base64Run(mb, 3);
                default -> BenchmarkData.keywordStorm(mb);
            };
            redactor = Redactor.builtIn();
        }
    }

    @Benchmark
    public RedactionResult mixedLog(Mixed state) {
        return state.redactor.redact(state.text);
    }

    /** Baseline: the detector rows as plain java.util.regex searches over the whole text, no prefilter. */
    @Benchmark
    public int mixedLogPlainRegex(Plain state) {
        return state.patterns.scan(state.text);
    }

    /** Baseline: the engine's keyword prefilter (Aho-Corasick pass) alone, the floor under {@link #mixedLog}. */
    @Benchmark
    public int mixedLogPrefilterOnly(Mixed state) {
        return ComparisonBaselines.prefilterOnly(state.redactor, state.text);
    }

    @Benchmark
    public RedactionResult pathological1MB(Pathological state) {
        return state.redactor.redact(state.text);
    }
}
