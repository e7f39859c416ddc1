package io.agentsafety.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CodeUri turned into what a worker runs from, as Lambda's Java runtime does with a deployment package. */
class LambdaTaskTest {

    @TempDir
    Path dir;

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path zip = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void aPackageRunsUnzippedWithItsLibJarsInNameOrder() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("lib/b.jar", "b");
        entries.put("lib/a.jar", "a");
        Path zip = zip("fn-lambda.zip", entries);

        LambdaTask task = LambdaTask.of(zip);

        Path root = task.workingDirectory();
        assertEquals(dir.resolve(PackageExtraction.CACHE_DIR), root.getParent());
        assertTrue(root.getFileName().toString().matches("fn-lambda-[0-9a-f]{16}"), root.toString());
        assertEquals(List.of(root.resolve("lib/a.jar"), root.resolve("lib/b.jar")), task.classPath(),
            "only lib/*.jar: a root holding nothing else stays off the class path (AppCDS refuses non-empty directories)");
        assertEquals("a", Files.readString(root.resolve("lib/a.jar")));
        assertEquals(root, LambdaTask.of(dir.resolve("x/../fn-lambda.zip")).workingDirectory(), "unzipped once");
    }

    @Test
    void classesAtTheRootPutTheRootFirst() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("example/Handler.class", "not really a class");
        entries.put("lib/dep.jar", "dep");
        LambdaTask task = LambdaTask.of(zip("fn-lambda.zip", entries));
        Path root = task.workingDirectory();
        assertEquals(List.of(root, root.resolve("lib/dep.jar")), task.classPath());
    }

    @Test
    void aFlatJarRunsAsItIs() throws IOException {
        Path jar = zip("fn-lambda.jar", Map.of("example/Handler.class", "x"));
        LambdaTask task = LambdaTask.of(jar);
        assertEquals(List.of(jar), task.classPath());
        assertEquals(dir, task.workingDirectory());
        assertFalse(Files.exists(dir.resolve(PackageExtraction.CACHE_DIR)), "nothing unzipped");
    }

    @Test
    void anEntryPointingOutsideThePackageIsRefusedAndNothingIsLeft() throws IOException {
        Path zip = zip("evil-lambda.zip", Map.of("lib/../../escaped.txt", "x"));
        IOException refused = assertThrows(IOException.class, () -> LambdaTask.of(zip));
        assertTrue(refused.getMessage().contains("outside the package"), refused.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
        try (Stream<Path> left = Files.list(dir.resolve(PackageExtraction.CACHE_DIR))) {
            assertEquals(List.of(), left.toList(), "no half-unzipped directory");
        }
    }
}
