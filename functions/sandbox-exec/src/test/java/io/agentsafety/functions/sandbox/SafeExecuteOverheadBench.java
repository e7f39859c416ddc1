package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxSpec;
import io.agentsafety.sandbox.exec.PackageEcosystems;
import io.agentsafety.sandbox.exec.SafeExecute;
import io.agentsafety.sandbox.exec.SandboxExecRequest;
import io.agentsafety.sandbox.local.LocalBackend;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Bench harness, not a test (runs only with {@code -Dbench=true}; see shared/sandbox/BENCHMARK.md): the time of a
 * safe execute of {@code true} (policy, reservation, create, run, redact, kill, commit) against the bare backend
 * doing the same create/run/kill, alternating the two so machine noise hits both alike.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SafeExecuteOverheadBench {

    @Test
    void overheadOfSafeExecuteOverTheBareBackend() throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 30);
        int n = Integer.getInteger("bench.iterations", 200);
        try (SandboxExecFixture f = SandboxExecFixture.start(Map.of())) {
            SafeExecute safe = f.http.bean(SafeExecute.class);
            PackageEcosystems ecosystems = f.http.bean(PackageEcosystems.class);
            LocalBackend bare = f.backend.real;
            String runId = f.budget("1000000");
            JsonNode body = io.agentsafety.core.StrictJson.parseObject(("{\"run_id\":\"" + runId + "\",\"command\":\"true\"}")
                .getBytes(StandardCharsets.UTF_8));
            long[] safeNs = new long[n];
            long[] bareNs = new long[n];
            for (int i = -warmup; i < n; i++) {
                long t0 = System.nanoTime();
                try (Sandbox s = bare.create(new SandboxSpec(null, Duration.ofMinutes(2), Map.of(), Map.of("agent-safety", "1"),
                    Instant.now().plusSeconds(120), EgressPolicy.NONE))) {
                    s.run(new ExecRequest("true", null, Map.of(), Duration.ofSeconds(10), 262144));
                }
                long t1 = System.nanoTime();
                safe.execute(SandboxExecRequest.from(body, ecosystems), null);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    bareNs[i] = t1 - t0;
                    safeNs[i] = t2 - t1;
                }
            }
            Arrays.sort(safeNs);
            Arrays.sort(bareNs);
            System.out.printf("BENCH n=%d bare p50=%.2f ms p90=%.2f ms | safe p50=%.2f ms p90=%.2f ms | overhead p50=%.2f ms p90=%.2f ms%n",
                n, ms(bareNs, 0.5), ms(bareNs, 0.9), ms(safeNs, 0.5), ms(safeNs, 0.9),
                ms(safeNs, 0.5) - ms(bareNs, 0.5), ms(safeNs, 0.9) - ms(bareNs, 0.9));
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }
}
