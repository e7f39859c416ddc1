package io.agentsafety.local;

import io.agentsafety.local.fixtures.EchoHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A function artifact rebuilt while the runner runs is picked up by the next request, with no restart of the runner:
 * a flat jar, and a deployment package (a zip with {@code lib/echo.jar}, run unzipped as Lambda runs it), whose old
 * extraction is then removed.
 */
class RebuiltJarTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"echo-lambda.jar", "echo-lambda.zip"})
    void aRebuiltJarGetsAFreshWorker(String artifact) throws Exception {
        Path jar = dir.resolve(artifact);
        writeArtifact(jar, "first");
        Files.writeString(dir.resolve("template.yaml"), """
            Resources:
              Echo:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: java17
                  CodeUri: %s
                  Handler: io.agentsafety.local.fixtures.EchoHandler::handle
            """.formatted(artifact));
        Map<String, String> shell = Map.of("REDIS_URI", "redis://127.0.0.1:1", "PATH", System.getenv().getOrDefault("PATH", "/bin"));
        try (LocalRunner runner = LocalRunner.start(new LocalRunner.Settings(dir.resolve("template.yaml"), null, shell,
            new WorkerOptions(64, 1, Duration.ofSeconds(30))))) {
            assertEquals("1", echo(runner, "1"));
            long before = runner.workerPids("Echo").get(0);
            assertEquals("2", echo(runner, "2"));
            assertEquals(List.of(before), runner.workerPids("Echo"), "an unchanged jar keeps its warm worker");
            List<Path> firstExtraction = extractions();

            writeArtifact(jar, "second");
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
            assertEquals("3", echo(runner, "3"));
            long after = runner.workerPids("Echo").get(0);
            assertNotEquals(before, after);
            assertFalse(runner.workerPids("Echo").contains(before));
            if (artifact.endsWith(".zip")) {
                assertEquals(1, firstExtraction.size(), "one task root per package content: " + firstExtraction);
                assertEquals(1, extractions().size(), "the old extraction is removed: " + extractions());
                assertNotEquals(firstExtraction, extractions(), "the new content got its own task root");
            }
        }
    }

    private List<Path> extractions() throws IOException {
        Path cache = dir.resolve(PackageExtraction.CACHE_DIR);
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.sorted().toList();
        }
    }

    /** The echo handler's class, plus a resource that makes each build's content differ. */
    private static void writeArtifact(Path artifact, String build) throws IOException {
        if (!artifact.toString().endsWith(".zip")) {
            writeJar(artifact, build);
            return;
        }
        Path jar = artifact.resolveSibling("echo.jar");
        writeJar(jar, build);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(artifact))) {
            out.putNextEntry(new ZipEntry("lib/echo.jar"));
            Files.copy(jar, out);
            out.closeEntry();
        }
        Files.delete(jar);
    }

    private static String echo(LocalRunner runner, String event) throws WorkerException {
        return new String(runner.invoke("Echo", event.getBytes(StandardCharsets.UTF_8)).payload(), StandardCharsets.UTF_8);
    }

    private static void writeJar(Path jar, String build) throws IOException {
        String name = EchoHandler.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             var in = EchoHandler.class.getClassLoader().getResourceAsStream(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
            out.putNextEntry(new JarEntry("build.txt"));
            out.write(build.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
