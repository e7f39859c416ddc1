package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.SandboxSpec;
import io.agentsafety.testing.e2b.E2bStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** One stand-in and one real {@link E2bBackend} pointed at it (E2B_API_URL = E2B_SANDBOX_URL = the stand-in). */
abstract class StandInFixture {

    static E2bStandIn standIn;
    static E2bBackend backend;

    @BeforeAll
    static void startStandIn() {
        standIn = E2bStandIn.start();
        backend = new E2bBackend(E2bConfig.fromEnvironment(Map.of(
            "E2B_API_KEY", E2bStandIn.DEFAULT_API_KEY,
            "E2B_API_URL", standIn.url(),
            "E2B_SANDBOX_URL", standIn.url())).withRequestTimeout(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stopStandIn() {
        backend.close();
        standIn.close();
    }

    @BeforeEach
    void resetStandIn() {
        standIn.faults().reset();
        standIn.clearCalls();
    }

    static SandboxSpec spec() {
        return new SandboxSpec(null, Duration.ofMinutes(5), Map.of("SANDBOX_LEVEL", "yes"),
            Map.of("agent-safety", "1", "run_id", "run-test"), Instant.now().plusSeconds(600), EgressPolicy.NONE);
    }

    static ExecRequest cmd(String command) {
        return new ExecRequest(command, null, Map.of(), Duration.ofSeconds(30), 1 << 20);
    }

    static ExecRequest cmd(String command, Duration timeout, int cap) {
        return new ExecRequest(command, null, Map.of(), timeout, cap);
    }

    /** A sleep duration unique to this call, to find the process among the machine's. */
    static String uniqueSleep() {
        return "600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    static boolean anyProcessMentions(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
            && p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
