package io.agentsafety.build.slim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a jar in place: every class through {@link DebugAttributeStripper}, every entry deflated at the highest level
 * (the shade plugin writes the default level 6) or stored when deflating would not make it smaller; with
 * {@link #storedOnly()} every entry stored (the jar then goes into a {@link LambdaZip} package, deflated as a whole). Entries keep their
 * names, order (the manifest stays first), times and, apart from the classes' debug attributes, their bytes; directory
 * entries stay too (Micronaut lists {@code META-INF/micronaut/<service>/} as a directory of the jar).
 *
 * <p>Each entry's sizes and CRC are known before it is written, so no entry needs the 16-byte data descriptor that a
 * streamed entry carries (about 0.15 MB over a 9,000-entry jar).
 */
public final class JarSlimmer {

  private static final String LINES_OPTION = "--line-numbers-only-under=";
  private static final String STORED_OPTION = "--stored";

  /** Sizes of one rewritten jar. */
  public record Result(long bytesBefore, long bytesAfter, int entries, int classesStripped, int classesRemoved) {}

  private final boolean removeUnreachable;
  private final List<String> keepLinesUnder;
  private boolean storedOnly;
  private final byte[] chunk = new byte[64 * 1024];
  private Deflater deflater;

  /** @param removeUnreachable also leave out the classes {@link ClassReachability} finds that nothing can load */
  public JarSlimmer(boolean removeUnreachable) {
    this(removeUnreachable, null);
  }

  /**
   * @param removeUnreachable also leave out the classes {@link ClassReachability} finds that nothing can load
   * @param keepLinesUnder    {@code null} (or an empty prefix): every class keeps its line numbers; else only the
   *                          classes under these package prefixes ({@code io/agentsafety/}) do, and library classes
   *                          lose their {@code LineNumberTable} (about 9 % of a function jar; their frames then read
   *                          {@code (Foo.java)})
   */
  public JarSlimmer(boolean removeUnreachable, List<String> keepLinesUnder) {
    this.removeUnreachable = removeUnreachable;
    this.keepLinesUnder = keepLinesUnder == null ? null : List.copyOf(keepLinesUnder);
  }

  /**
   * Every entry stored, none deflated: for a jar that {@link LambdaZip} then stores inside a deflated package (deflating
   * each of its thousands of entries at the highest level first would be build time spent for nothing).
   */
  public JarSlimmer storedOnly() {
    this.storedOnly = true;
    return this;
  }

  private boolean keepsLines(String entryName) {
    return keepLinesUnder == null || keepLinesUnder.stream().anyMatch(entryName::startsWith);
  }

  /** Rewrites {@code jar}: written beside it first, then moved over it, so a failure leaves the original. */
  public Result slim(Path jar) throws IOException {
    Path tmp = jar.resolveSibling(jar.getFileName() + ".slim.tmp");
    int stripped = 0;
    Map<String, byte[]> contents = new LinkedHashMap<>();
    Map<String, Long> times = new HashMap<>();
    try (ZipFile in = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> all = in.entries(); all.hasMoreElements(); ) {
        ZipEntry source = all.nextElement();
        byte[] content;
        try (InputStream body = in.getInputStream(source)) {
          content = body.readAllBytes();
        }
        if (source.getName().endsWith(".class")) {
          byte[] slimmer = DebugAttributeStripper.strip(content, keepsLines(source.getName()));
          if (slimmer != content) {
            stripped++;
            content = slimmer;
          }
        }
        contents.put(source.getName(), content);
        times.put(source.getName(), source.getTime());
      }
    }
    // after stripping: a type named only by a local variable table is not one the JVM would load for it
    Set<String> removed = removeUnreachable ? ClassReachability.unreachableClassEntries(contents) : Set.of();
    deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
      out.setLevel(Deflater.BEST_COMPRESSION);
      for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
        String name = entry.getKey();
        if (!removed.contains(name)) {
          write(out, name, times.get(name), entry.getValue());
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    } finally {
      deflater.end();
    }
    long before = Files.size(jar);
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Result(before, Files.size(jar), contents.size() - removed.size(), stripped, removed.size());
  }

  private void write(ZipOutputStream out, String name, long time, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(time);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setSize(content.length);
    entry.setCrc(crc.getValue());
    long deflated = storedOnly ? content.length : deflatedSize(content);
    if (deflated < content.length) {
      // ZipOutputStream deflates with the same level and strategy and checks that its output has this size
      entry.setMethod(ZipEntry.DEFLATED);
      entry.setCompressedSize(deflated);
    } else {
      entry.setMethod(ZipEntry.STORED);
      entry.setCompressedSize(content.length);
    }
    out.putNextEntry(entry);
    out.write(content);
    out.closeEntry();
  }

  private long deflatedSize(byte[] content) {
    deflater.reset();
    deflater.setInput(content);
    deflater.finish();
    long size = 0;
    while (!deflater.finished()) {
      size += deflater.deflate(chunk);
    }
    return size;
  }

  /**
   * {@code java ... JarSlimmer [--remove-unreachable] [--stored] [--line-numbers-only-under=a/b/,c/d/] <jar>...}: rewrites each
   * jar and prints its size before and after.
   */
  public static void main(String[] args) throws IOException {
    List<String> jars = new ArrayList<>(List.of(args));
    boolean removeUnreachable = jars.remove("--remove-unreachable");
    boolean stored = jars.remove(STORED_OPTION);
    List<String> keepLinesUnder = null;
    for (String arg : List.copyOf(jars)) {
      if (arg.startsWith(LINES_OPTION)) {
        jars.remove(arg);
        keepLinesUnder = List.of(arg.substring(LINES_OPTION.length()).split(","));
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalArgumentException(
          "usage: JarSlimmer [--remove-unreachable] [" + STORED_OPTION + "] [" + LINES_OPTION + "a/b/,...] <jar>...");
    }
    JarSlimmer slimmer = new JarSlimmer(removeUnreachable, keepLinesUnder);
    if (stored) {
      slimmer.storedOnly();
    }
    for (String arg : jars) {
      Path jar = Path.of(arg);
      Result result = slimmer.slim(jar);
      System.out.printf("jar-slim %s: %,d -> %,d bytes (%d entries, %d classes without debug tables, %d unreachable"
              + " classes left out)%n", jar.getFileName(), result.bytesBefore(), result.bytesAfter(), result.entries(),
          result.classesStripped(), result.classesRemoved());
    }
  }
}
