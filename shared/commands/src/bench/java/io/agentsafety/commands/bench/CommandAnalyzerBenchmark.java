package io.agentsafety.commands.bench;

import io.agentsafety.commands.CommandAnalyzer;
import io.agentsafety.commands.RuleConfig;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * In-process decision time of {@link CommandAnalyzer#analyzeShell}: typical commands (under 1 KB, benign and
 * destructive, with obfuscation) and pathological inputs at growing sizes, to show the cost stays linear.
 * Sample-time mode reports percentiles (p50/p99/p99.9). Run with:
 * <pre>./mvnw -B -ntp -pl shared/commands -am -Pbench test-compile exec:exec</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class CommandAnalyzerBenchmark {

    static final Map<String, String> TYPICAL = new LinkedHashMap<>();

    static {
        TYPICAL.put("benign_simple", "npm run build && pytest -x tests/");
        TYPICAL.put("benign_pipeline", "git log --oneline | grep -v WIP | head -n 20 > changes.txt");
        TYPICAL.put("destructive_simple", "sudo rm -rf /var/lib/postgresql");
        TYPICAL.put("sql_client", "psql \"$DB_URL\" -c \"DELETE FROM sessions WHERE expires_at < now() - interval '30 days'\"");
        TYPICAL.put("obfuscated_base64", "echo ZGQgaWY9L2Rldi96ZXJvIG9mPS9kZXYvc2RhIGJzPTFN | base64 --decode | sh");
        TYPICAL.put("obfuscated_vars", "A=r;B=m; c=\"$A$B -rf\"; eval \"$c ~/\"; f(){ git push -f origin main; }; f");
        TYPICAL.put("script_900b", String.join("\n", List.of(
            "set -euo pipefail", "cd \"$(dirname \"$0\")\"", "export NODE_ENV=production",
            "for pkg in api web worker; do", "  (cd packages/$pkg && npm ci && npm run build) || exit 1", "done",
            "if [ -d dist ]; then rm -rf ./dist; fi", "mkdir -p dist && cp -r packages/*/dist dist/",
            "docker build -t registry.example.com/app:${GIT_SHA:-dev} .",
            "docker push registry.example.com/app:${GIT_SHA:-dev}",
            "kubectl -n staging set image deploy/app app=registry.example.com/app:${GIT_SHA:-dev}",
            "kubectl -n staging rollout status deploy/app --timeout=120s",
            "curl -fsS https://staging.example.com/health | jq .status",
            "cat <<'EOF' > release-notes.md", "Release ${GIT_SHA}", "- built api, web, worker", "EOF",
            "python3 -c \"import json,sys; print(json.load(open('package.json'))['version'])\"",
            "git tag -a v$(node -p 'require(\"./package.json\").version') -m release && git push origin --tags")));
        // issue 13: programs that run commands, hosts of network tools, folded interpreter code, expanded here-docs
        TYPICAL.put("runner_editor", "vim -es -c 'silent !make test' -c 'wq' notes.txt && tmux new -d -s ci 'npm run watch'");
        TYPICAL.put("network_tool", "curl --resolve api.example.com:443:203.0.113.7 https://api.example.com/health && nc -z db.example.com 5432");
        TYPICAL.put("python_folded", "python3 -c \"import os; getattr(os, 'sys'+'tem')(''.join(map(chr, [108, 115])) + ' -l')\"");
        TYPICAL.put("heredoc_expanded", "cat <<EOF > build.env\nSHA=$(git rev-parse HEAD)\nDATE=$(date -u +%F)\nN=$(( $(nproc) * 2 ))\nEOF");
    }

    /** Typical commands under 1 KB. */
    @State(Scope.Benchmark)
    public static class Typical {
        @Param({"benign_simple", "benign_pipeline", "destructive_simple", "sql_client", "obfuscated_base64", "obfuscated_vars", "script_900b",
            "runner_editor", "network_tool", "python_folded", "heredoc_expanded"})
        public String typical;

        CommandAnalyzer analyzer;
        String command;

        @Setup(Level.Trial)
        public void setUp() {
            analyzer = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);
            command = TYPICAL.get(typical);
        }
    }

    @Benchmark
    public Object typicalCommand(Typical state) {
        return state.analyzer.analyzeShell(state.command);
    }

    /** Pathological inputs, each at four sizes (in KB), to read off scaling. */
    @State(Scope.Benchmark)
    public static class Pathological {
        @Param({"semicolons", "nested_subst", "long_quoted", "many_pipes", "nested_eval", "heredoc_subst", "folded_code"})
        public String shape;

        @Param({"1", "4", "16", "64"})
        public int kilobytes;

        CommandAnalyzer analyzer;
        String input;

        @Setup(Level.Trial)
        public void setUp() {
            analyzer = CommandAnalyzer.fromClasspath(RuleConfig.DEFAULTS);
            input = build(shape, kilobytes * 1024);
        }

        static String build(String shape, int size) {
            StringBuilder sb = new StringBuilder(size + 16);
            switch (shape) {
                case "semicolons" -> {
                    while (sb.length() < size) {
                        sb.append("a;");
                    }
                }
                case "nested_subst" -> {
                    int depth = size / 4;
                    sb.append("$(".repeat(depth)).append("ls").append(")".repeat(depth));
                }
                case "long_quoted" -> sb.append("echo \"").append("x\\\"y$z ".repeat(size / 8)).append('"');
                case "many_pipes" -> {
                    sb.append("cat f");
                    while (sb.length() < size) {
                        sb.append(" | grep -v a");
                    }
                }
                case "nested_eval" -> {
                    while (sb.length() < size) {
                        sb.append("eval ");
                    }
                    sb.append("ls");
                }
                case "heredoc_subst" -> {
                    sb.append("cat <<EOF\n");
                    while (sb.length() < size) {
                        sb.append("x $(ls) $((1+2)) y\n");
                    }
                    sb.append("EOF");
                }
                case "folded_code" -> {
                    sb.append("python3 -c \"import os; os.system('a'");
                    while (sb.length() < size) {
                        sb.append(" + 'b' + chr(97)");
                    }
                    sb.append(")\"");
                }
                default -> throw new IllegalArgumentException(shape);
            }
            return sb.toString();
        }
    }

    @Benchmark
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    public Object pathological(Pathological state) {
        return state.analyzer.analyzeShell(state.input);
    }

    /**
     * {@code BENCH_KILOBYTES=1,4} (environment) limits the pathological sizes and {@code BENCH_INCLUDE} (a regex of
     * benchmark methods, e.g. {@code typicalCommand}) the benchmarks, for a quick A/B run.
     */
    public static void main(String[] args) throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        String include = System.getenv("BENCH_INCLUDE");
        options.include(CommandAnalyzerBenchmark.class.getSimpleName() + (include == null || include.isBlank() ? "" : "." + include))
            .result("target/jmh-result.txt").resultFormat(org.openjdk.jmh.results.format.ResultFormatType.TEXT);
        String sizes = System.getenv("BENCH_KILOBYTES");
        if (sizes != null && !sizes.isBlank()) {
            options.param("kilobytes", sizes.split(","));
        }
        new Runner(options.build()).run();
    }
}
