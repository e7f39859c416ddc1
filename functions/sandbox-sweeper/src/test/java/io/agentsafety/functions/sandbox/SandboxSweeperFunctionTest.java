package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxBackend;
import io.agentsafety.sandbox.SandboxSpec;
import io.agentsafety.sandbox.SandboxSweeper;
import io.agentsafety.sandbox.local.LocalBackend;
import io.agentsafety.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduled sweeper as Lambda runs it: sandboxes created by another process (here: another backend on the same
 * root, as the sandbox-exec worker next to it) that are tagged and past their deadline are killed; the others stay.
 */
class SandboxSweeperFunctionTest {

    @Test
    void killsTaggedSandboxesPastTheirDeadlineOnly() throws Exception {
        Path root = Files.createTempDirectory("sweeper-test");
        LocalBackend creator = new LocalBackend(root.toString(), "", Duration.ofHours(1));
        try (ApplicationContext context = ApplicationContext.run(Map.of("safety.sandbox.local.root", root.toString()))) {
            Instant past = Instant.now().minusSeconds(60);
            Instant future = Instant.now().plusSeconds(3600);
            Sandbox expired = creator.create(spec(Map.of("agent-safety", "1", "run_id", "r1", "deadline", past.toString())));
            Sandbox current = creator.create(spec(Map.of("agent-safety", "1", "run_id", "r2", "deadline", future.toString())));
            Sandbox foreign = creator.create(spec(Map.of("run_id", "r3", "deadline", past.toString())));
            String marker = "431.0" + System.nanoTime() % 100000;
            Thread running = new Thread(() -> {
                try {
                    expired.run(new io.agentsafety.sandbox.ExecRequest("sleep " + marker, null, Map.of(), Duration.ofSeconds(60), 1024));
                } catch (RuntimeException killed) {
                    // the sweeper (another backend) killed it
                }
            });
            running.start();
            Thread.sleep(300);

            SandboxSweeperFunction function = new SandboxSweeperFunction(context);
            JsonNode event = context.getBean(JsonMapper.class).readValue(
                Files.readAllBytes(Path.of("../../infra/events/sandbox-sweeper.json")), JsonNode.class);
            SandboxSweeper.Report report = function.handleRequest(event, new TestLambdaContext("sandbox-sweeper"));

            assertEquals(List.of(expired.id()), report.killed());
            assertEquals(2, report.tagged());
            assertEquals("local", report.backend());
            SandboxBackend backend = context.getBean(SandboxBackend.class);
            assertEquals(List.of(current.id()), backend.list(Map.of("agent-safety", "1")).stream().map(i -> i.sandboxId()).toList());
            assertFalse(Files.exists(root.resolve(expired.id())));
            assertTrue(Files.exists(root.resolve(foreign.id())), "an untagged sandbox is not this service's to kill");
            running.join(10_000);
            assertFalse(running.isAlive(), "the command of the killed sandbox ended");
            // a killed process is gone once the kernel has run it to its end: on a loaded machine that can take more than
            // the 200 ms this waited before; one that was not killed (a sleep of 431 s) is still there after 10 s
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (sleeping(marker) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, sleeping(marker), "the killed sandbox's command is gone");
        } finally {
            creator.shutdown();
        }
    }

    private static long sleeping(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").endsWith("sleep " + marker)).count();
    }

    static SandboxSpec spec(Map<String, String> metadata) {
        return new SandboxSpec(null, Duration.ofHours(1), Map.of(), metadata, Instant.now().plusSeconds(3600), EgressPolicy.NONE);
    }
}
