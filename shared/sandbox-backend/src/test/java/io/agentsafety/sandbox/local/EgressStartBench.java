package io.agentsafety.sandbox.local;

import com.sun.net.httpserver.HttpServer;
import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bench harness, not a test (runs only with {@code -Dbench=true}; see shared/sandbox/BENCHMARK.md): what the egress
 * relay adds to a sandbox's start. Three shapes alternate in one loop so machine noise hits all alike: no egress
 * (empty namespace, no relay), one loopback route, and one host name (two routes: 80 and 443). Each iteration is
 * create → run {@code true} → close; the relay's part is its start (sockets, files) plus the forwarder's python
 * start before the command.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class EgressStartBench {

    @TempDir
    Path root;

    @Test
    void sandboxStartWithAndWithoutTheRelay() throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 20);
        int n = Integer.getInteger("bench.iterations", 100);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        LocalBackend backend = new LocalBackend(root, Isolation.detect(null), Duration.ofHours(1));
        List<EgressPolicy> shapes = List.of(EgressPolicy.NONE,
            new EgressPolicy(List.of("localhost:" + server.getAddress().getPort()), List.of()),
            new EgressPolicy(List.of("pypi.org"), List.of()));
        long[][] ns = new long[shapes.size()][n];
        try {
            for (int i = -warmup; i < n; i++) {
                for (int s = 0; s < shapes.size(); s++) {
                    long t0 = System.nanoTime();
                    try (Sandbox sandbox = backend.create(new SandboxSpec(null, Duration.ofMinutes(2), Map.of(), Map.of(),
                        Instant.now().plusSeconds(120), shapes.get(s)))) {
                        ExecResult r = sandbox.run(new ExecRequest("true", null, Map.of(), Duration.ofSeconds(10), 4096));
                        assertEquals(0, r.exitCode());
                    }
                    if (i >= 0) {
                        ns[s][i] = System.nanoTime() - t0;
                    }
                }
            }
        } finally {
            backend.shutdown();
            server.stop(0);
        }
        for (long[] a : ns) {
            Arrays.sort(a);
        }
        System.out.printf("BENCH n=%d none p50=%.1f p90=%.1f | loopback-route p50=%.1f p90=%.1f | name-2-routes p50=%.1f p90=%.1f "
                + "| added p50 loopback=%.1f name=%.1f ms%n", n, ms(ns[0], 0.5), ms(ns[0], 0.9), ms(ns[1], 0.5), ms(ns[1], 0.9),
            ms(ns[2], 0.5), ms(ns[2], 0.9), ms(ns[1], 0.5) - ms(ns[0], 0.5), ms(ns[2], 0.5) - ms(ns[0], 0.5));
    }

    private static double ms(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }
}
