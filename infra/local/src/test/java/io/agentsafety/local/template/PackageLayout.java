package io.agentsafety.local.template;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A built deployment package read as Lambda's Java runtime reads it: the zip holds exactly {@code lib/<module>.jar}
 * (infra/jar-slim's LambdaZip), whose entries are the function's classes and resources. Read once per package (seven
 * functions share sandbox-exec's).
 */
final class PackageLayout {

    private static final Map<Path, Set<String>> CLASSES = new HashMap<>();

    private PackageLayout() {
    }

    /** The entry names of {@code zip}'s {@code lib/<module>.jar}, after checking that it is the package's only entry. */
    static synchronized Set<String> classesOf(Path zip, String module) throws IOException {
        Set<String> known = CLASSES.get(zip);
        if (known != null) {
            return known;
        }
        assertTrue(Files.isRegularFile(zip), zip + " is built (./mvnw -B -ntp -o -DskipTests -q package)");
        Set<String> names = new TreeSet<>();
        try (ZipFile outer = new ZipFile(zip.toFile())) {
            assertEquals(List.of("lib/" + module + ".jar"), outer.stream().map(ZipEntry::getName).toList(),
                zip + ": Lambda's Java layout, the function's classes in lib/<module>.jar");
            ZipEntry lib = outer.getEntry("lib/" + module + ".jar");
            byte[] jar;
            try (InputStream in = outer.getInputStream(lib)) {
                jar = in.readAllBytes();
            }
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    assertEquals(ZipEntry.STORED, entry.getMethod(), zip + ": " + entry.getName()
                        + " stored (the package's deflate runs across classes)");
                    names.add(entry.getName());
                }
            }
        }
        CLASSES.put(zip, names);
        return names;
    }
}
