package io.agentsafety.local;

import io.agentsafety.local.fixtures.EchoHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A function jar rebuilt while the runner runs is picked up by the next request, with no restart of the runner. */
class RebuiltJarTest {

    @TempDir
    Path dir;

    @Test
    void aRebuiltJarGetsAFreshWorker() throws Exception {
        Path jar = dir.resolve("echo-lambda.jar");
        writeJar(jar);
        Files.writeString(dir.resolve("template.yaml"), """
            Resources:
              Echo:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: java17
                  CodeUri: echo-lambda.jar
                  Handler: io.agentsafety.local.fixtures.EchoHandler::handle
            """);
        Map<String, String> shell = Map.of("REDIS_URI", "redis://127.0.0.1:1", "PATH", System.getenv().getOrDefault("PATH", "/bin"));
        try (LocalRunner runner = LocalRunner.start(new LocalRunner.Settings(dir.resolve("template.yaml"), null, shell,
            new WorkerOptions(64, 1, Duration.ofSeconds(30))))) {
            assertEquals("1", echo(runner, "1"));
            long before = runner.workerPids("Echo").get(0);
            assertEquals("2", echo(runner, "2"));
            assertEquals(List.of(before), runner.workerPids("Echo"), "an unchanged jar keeps its warm worker");

            writeJar(jar);
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
            assertEquals("3", echo(runner, "3"));
            long after = runner.workerPids("Echo").get(0);
            assertNotEquals(before, after);
            assertFalse(runner.workerPids("Echo").contains(before));
        }
    }

    private static String echo(LocalRunner runner, String event) throws WorkerException {
        return new String(runner.invoke("Echo", event.getBytes(StandardCharsets.UTF_8)).payload(), StandardCharsets.UTF_8);
    }

    private static void writeJar(Path jar) throws IOException {
        String name = EchoHandler.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             var in = EchoHandler.class.getClassLoader().getResourceAsStream(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
