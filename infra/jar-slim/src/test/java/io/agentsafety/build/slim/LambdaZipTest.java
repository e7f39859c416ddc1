package io.agentsafety.build.slim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaZipTest {

  @TempDir Path dir;

  /** A real class file (this test's own) and some text, in a deflated jar as the shade plugin writes it. */
  private Path jar(String name, long entryTime) throws IOException {
    Path jar = dir.resolve(name);
    String classEntry = Probe.class.getName().replace('.', '/') + ".class";
    byte[] classBytes;
    try (InputStream in = Probe.class.getClassLoader().getResourceAsStream(classEntry)) {
      classBytes = in.readAllBytes();
    }
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      put(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), entryTime);
      put(out, "META-INF/micronaut/", new byte[0], entryTime);
      put(out, classEntry, classBytes, entryTime);
      put(out, "application.yml", "micronaut:\n  application:\n    name: probe\n".repeat(20).getBytes(StandardCharsets.UTF_8),
          entryTime);
    }
    return jar;
  }

  private static void put(ZipOutputStream out, String name, byte[] content, long time) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(time);
    out.putNextEntry(entry);
    out.write(content);
    out.closeEntry();
  }

  @Test
  void packsTheJarStoredAsTheOneDeflatedLibEntry() throws Exception {
    Path source = jar("fn-shaded.jar", System.currentTimeMillis());
    Path zip = dir.resolve("fn-lambda.zip");
    LambdaZip.Result result = LambdaZip.pack(source, zip, "fn.jar");

    byte[] inner;
    try (ZipFile outer = new ZipFile(zip.toFile())) {
      List<String> names = outer.stream().map(ZipEntry::getName).toList();
      assertEquals(List.of("lib/fn.jar"), names, "Lambda's layout: the function's classes in lib/<name>.jar");
      ZipEntry lib = outer.getEntry("lib/fn.jar");
      assertEquals(ZipEntry.DEFLATED, lib.getMethod());
      assertTrue(lib.getCompressedSize() < lib.getSize(), "the one entry is deflated as a whole");
      try (InputStream in = outer.getInputStream(lib)) {
        inner = in.readAllBytes();
      }
    }
    assertEquals(result.innerJarBytes(), inner.length);
    assertEquals(Files.size(zip), result.zipBytes());
    assertEquals(4, result.entries());

    List<String> innerNames = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(inner))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        innerNames.add(entry.getName());
        assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName() + " stored: no inflate at class load");
        assertEquals(LambdaZip.FIXED_TIME, entry.getTimeLocal(), entry.getName());
      }
    }
    assertEquals(List.of("META-INF/MANIFEST.MF", "META-INF/micronaut/",
        Probe.class.getName().replace('.', '/') + ".class", "application.yml"), innerNames, "the jar's order, manifest first");

    // the class runs from the extracted lib jar, as the Lambda runtime loads it from /var/task/lib
    Path task = Files.createDirectories(dir.resolve("task/lib"));
    Files.write(task.resolve("fn.jar"), inner);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {task.resolve("fn.jar").toUri().toURL()}, null)) {
      Class<?> probe = loader.loadClass(Probe.class.getName());
      assertEquals(loader, probe.getClassLoader());
      assertEquals("probe", probe.getMethod("name").invoke(null));
    }
  }

  @Test
  void theSameClassesGiveTheSameBytes() throws Exception {
    Path first = LambdaZipTest.this.jar("a.jar", Instant.parse("2026-01-01T10:00:00Z").toEpochMilli());
    Path second = LambdaZipTest.this.jar("b.jar", Instant.parse("2026-06-30T23:59:58Z").toEpochMilli());
    Files.setLastModifiedTime(second, FileTime.from(Instant.now().plusSeconds(60)));
    LambdaZip.pack(first, dir.resolve("a.zip"), "fn.jar");
    LambdaZip.pack(second, dir.resolve("b.zip"), "fn.jar");
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.zip")), Files.readAllBytes(dir.resolve("b.zip")),
        "built at other times, the same package");
  }

  @Test
  void mainRemovesTheJarWhenAskedAndRejectsAPathAsInnerName() throws Exception {
    Path source = jar("fn-shaded.jar", 0L);
    assertThrows(IllegalArgumentException.class, () -> LambdaZip.pack(source, dir.resolve("x.zip"), "lib/fn.jar"));
    assertFalse(Files.exists(dir.resolve("x.zip")));
    LambdaZip.main(new String[] {"--remove-jar", source.toString(), dir.resolve("fn-lambda.zip").toString(), "fn.jar"});
    assertFalse(Files.exists(source), "one artifact per function");
    assertTrue(Files.size(dir.resolve("fn-lambda.zip")) > 0);
  }

  /** Loaded from the packed jar by a class loader of its own. */
  public static final class Probe {
    public static String name() {
      return "probe";
    }
  }
}
