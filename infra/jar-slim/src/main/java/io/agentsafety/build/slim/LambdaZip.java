package io.agentsafety.build.slim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Packs a function's jar into its deployment package, the layout AWS Lambda's Java runtimes accept besides a flat jar:
 * a zip holding the jar as {@code lib/<name>.jar}. Lambda unzips the package into {@code /var/task} and puts
 * {@code /var/task} and {@code /var/task/lib/*.jar} on the class path.
 *
 * <p>Why not the flat jar: a jar deflates each entry on its own, so the redundancy between classes (the same constant
 * pool strings, signatures and names in thousands of small classes) is paid again in every entry. Here the inner jar's
 * entries are <em>stored</em> and the one zip entry holding that jar is deflated at the highest level, so the deflate
 * window runs across classes (sandbox-exec 13.77 to about 9 MB, infra/local/COLD-START.md). Loading a class from a
 * stored entry also needs no inflate.
 *
 * <p>Deterministic: entries keep the jar's order and get one fixed local time, so the same jar content always gives
 * the same bytes (the shade plugin's entry times, which follow the build, do not reach the package).
 */
public final class LambdaZip {

  /** The DOS-epoch-safe time every entry gets (the reproducible-builds convention of 1980-02-01). */
  static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);
  static final String LIB = "lib/";

  /** Sizes of one package. */
  public record Result(long jarBytes, long innerJarBytes, long zipBytes, int entries) {}

  private LambdaZip() {
  }

  /**
   * Writes {@code zip} with {@code jar}'s entries as the stored jar {@code lib/<innerName>}; written beside it first,
   * then moved over it, so a failure leaves no half-written package.
   */
  public static Result pack(Path jar, Path zip, String innerName) throws IOException {
    if (innerName.contains("/") || !innerName.endsWith(".jar")) {
      throw new IllegalArgumentException("inner jar name must be a plain *.jar file name: " + innerName);
    }
    List<String> names = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    try (ZipFile in = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> all = in.entries(); all.hasMoreElements(); ) {
        ZipEntry source = all.nextElement();
        try (InputStream body = in.getInputStream(source)) {
          contents.add(body.readAllBytes());
        }
        names.add(source.getName());
      }
    }
    ByteArrayOutputStream inner = new ByteArrayOutputStream(Math.toIntExact(Files.size(jar) * 3));
    try (ZipOutputStream out = new ZipOutputStream(inner)) {
      for (int i = 0; i < names.size(); i++) {
        putStored(out, names.get(i), contents.get(i));
      }
    }
    byte[] innerJar = inner.toByteArray();
    Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
    try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(file)) {
      out.setMethod(ZipOutputStream.DEFLATED);
      out.setLevel(Deflater.BEST_COMPRESSION);
      ZipEntry entry = new ZipEntry(LIB + innerName);
      entry.setTimeLocal(FIXED_TIME);
      out.putNextEntry(entry);
      out.write(innerJar);
      out.closeEntry();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Result(Files.size(jar), innerJar.length, Files.size(zip), names.size());
  }

  /** A stored entry needs its size and CRC before its bytes (no data descriptor follows it then). */
  private static void putStored(ZipOutputStream out, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(FIXED_TIME);
    entry.setMethod(ZipEntry.STORED);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setSize(content.length);
    entry.setCompressedSize(content.length);
    entry.setCrc(crc.getValue());
    out.putNextEntry(entry);
    out.write(content);
    out.closeEntry();
  }

  /**
   * {@code java ... LambdaZip [--remove-jar] <jar> <zip> <inner-name.jar>}: packs the jar and prints the sizes;
   * {@code --remove-jar} deletes the jar afterwards (the zip is the function's one artifact).
   */
  public static void main(String[] args) throws IOException {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean removeJar = rest.remove("--remove-jar");
    if (rest.size() != 3) {
      throw new IllegalArgumentException("usage: LambdaZip [--remove-jar] <jar> <zip> <inner-name.jar>");
    }
    Path jar = Path.of(rest.get(0));
    Path zip = Path.of(rest.get(1));
    Result result = pack(jar, zip, rest.get(2));
    if (removeJar) {
      Files.delete(jar);
    }
    System.out.printf("lambda-zip %s: jar %,d bytes -> %s%s %,d bytes stored -> %,d bytes (%d entries)%n",
        zip.getFileName(), result.jarBytes(), LIB, rest.get(2), result.innerJarBytes(), result.zipBytes(),
        result.entries());
  }
}
