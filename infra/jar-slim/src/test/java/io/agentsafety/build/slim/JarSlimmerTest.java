package io.agentsafety.build.slim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class JarSlimmerTest {

  /** Compiled with full debug information and parameter names; line 8 throws. */
  private static final String SAMPLE = String.join("\n",
      "package sample;",
      "import java.util.ArrayList;",
      "import java.util.List;",
      "public class Sample {",
      "  public static int sum(int first, int second) {",
      "    List<Integer> values = new ArrayList<>(List.of(first, second));",
      "    int total = 0;",
      "    if (first < 0) throw new IllegalArgumentException(\"negative\");",
      "    for (int value : values) total += value;",
      "    return total;",
      "  }",
      "}",
      "");

  @TempDir static Path work;
  private static byte[] sampleClass;

  @BeforeAll
  static void compileSample() throws IOException {
    Path source = work.resolve("src/sample/Sample.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, SAMPLE);
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-g", "-parameters", "-d", classes.toString(), source.toString());
    assertEquals(0, status, "javac");
    sampleClass = Files.readAllBytes(classes.resolve("sample/Sample.class"));
  }

  @Test
  void stripsLocalVariableTablesAndKeepsLineNumbersAndParameterNames() throws Exception {
    DebugInfo before = DebugInfo.of(sampleClass);
    assertTrue(before.localVariables > 0 && before.genericLocals > 0, "the sample has both local variable tables");

    byte[] stripped = DebugAttributeStripper.strip(sampleClass);

    DebugInfo after = DebugInfo.of(stripped);
    assertEquals(0, after.localVariables);
    assertEquals(before.lineNumbers, after.lineNumbers);
    assertEquals("Sample.java", after.sourceFile);
    assertTrue(stripped.length < sampleClass.length, stripped.length + " < " + sampleClass.length);
    // the names only the tables used leave the constant pool with them
    assertFalse(ascii(stripped).contains("LocalVariableTable"));
    assertFalse(ascii(stripped).contains("values"));
  }

  @Test
  void rewrittenJarKeepsEveryEntryInOrderAndItsClassesStillRun() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    entries.put("META-INF/", null);
    entries.put("META-INF/micronaut/", null);
    entries.put("META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/", null);
    entries.put("META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/sample.$Sample$Definition", new byte[0]);
    entries.put("sample/", null);
    entries.put("sample/Sample.class", sampleClass);
    entries.put("application.yml", "micronaut:\n  application:\n    name: sample\n".repeat(20).getBytes(StandardCharsets.UTF_8));
    entries.put("x.bin", new byte[] {7});
    Path jar = work.resolve("sample.jar");
    writeJar(jar, entries);
    long sizeBefore = Files.size(jar);

    JarSlimmer.Result result = new JarSlimmer(false).slim(jar);

    assertEquals(sizeBefore, result.bytesBefore());
    assertEquals(Files.size(jar), result.bytesAfter());
    assertTrue(result.bytesAfter() < sizeBefore, result.bytesAfter() + " < " + sizeBefore);
    assertEquals(entries.size(), result.entries());
    assertEquals(1, result.classesStripped());
    assertFalse(Files.exists(jar.resolveSibling("sample.jar.slim.tmp")));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry entry : Collections.list(zip.entries())) {
        names.add(entry.getName());
        byte[] expected = entries.get(entry.getName());
        if (expected == null) {
          assertTrue(entry.isDirectory(), entry.getName());
        } else if (!entry.getName().endsWith(".class")) {
          assertArrayEquals(expected, read(zip, entry), entry.getName());
        }
      }
      assertEquals(List.copyOf(entries.keySet()), names);
      assertEquals(0, DebugInfo.of(read(zip, zip.getEntry("sample/Sample.class"))).localVariables);
      assertEquals(ZipEntry.STORED, zip.getEntry("x.bin").getMethod(), "one byte does not deflate smaller");
      assertEquals(ZipEntry.DEFLATED, zip.getEntry("application.yml").getMethod());
    }
    assertEquals(0, entriesWithDataDescriptor(Files.readAllBytes(jar)));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Class<?> sample = loader.loadClass("sample.Sample");
      Method sum = sample.getMethod("sum", int.class, int.class);
      assertEquals(5, sum.invoke(null, 2, 3));
      assertEquals("first", sum.getParameters()[0].getName(), "MethodParameters stays");
      InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
          () -> sum.invoke(null, -1, 3));
      StackTraceElement top = thrown.getCause().getStackTrace()[0];
      assertEquals("Sample.java", top.getFileName());
      assertEquals(8, top.getLineNumber());
      // Micronaut lists a service's definitions through the directory entry
      assertNotNull(loader.getResource("META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/"));
    }
  }

  @Test
  void dropsLineNumbersOnlyOutsideThePackagesThatKeepThem() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    entries.put("sample/Sample.class", sampleClass);
    Path library = work.resolve("library.jar");
    writeJar(library, entries);
    Path own = work.resolve("own.jar");
    writeJar(own, entries);

    new JarSlimmer(false, List.of("io/agentsafety/")).slim(library);
    new JarSlimmer(false, List.of("io/agentsafety/", "sample/")).slim(own);

    try (ZipFile zip = new ZipFile(own.toFile())) {
      assertEquals(DebugInfo.of(sampleClass).lineNumbers, DebugInfo.of(read(zip, zip.getEntry("sample/Sample.class"))).lineNumbers);
    }
    try (ZipFile zip = new ZipFile(library.toFile())) {
      DebugInfo stripped = DebugInfo.of(read(zip, zip.getEntry("sample/Sample.class")));
      assertEquals(0, stripped.lineNumbers);
      assertEquals("Sample.java", stripped.sourceFile);
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {library.toUri().toURL()}, null)) {
      Method sum = loader.loadClass("sample.Sample").getMethod("sum", int.class, int.class);
      assertEquals(5, sum.invoke(null, 2, 3), "the class still runs");
      StackTraceElement top = assertThrows(InvocationTargetException.class, () -> sum.invoke(null, -1, 3))
          .getCause().getStackTrace()[0];
      assertEquals("Sample.java", top.getFileName(), "the frame keeps its file");
      assertTrue(top.getLineNumber() < 0, "and has no line");
    }
  }

  @Test
  void storedOnlyWritesEveryEntryUncompressedForTheLambdaZip() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    entries.put("sample/Sample.class", sampleClass);
    entries.put("application.yml", "a: b\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
    Path jar = work.resolve("stored.jar");
    writeJar(jar, entries);

    new JarSlimmer(false).storedOnly().slim(jar);

    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertEquals(List.copyOf(entries.keySet()), zip.stream().map(ZipEntry::getName).toList());
      zip.stream().forEach(e -> assertEquals(ZipEntry.STORED, e.getMethod(), e.getName()));
      assertEquals(0, DebugInfo.of(read(zip, zip.getEntry("sample/Sample.class"))).localVariables,
          "still slimmed, only not deflated");
    }
  }

  @Test
  void leavesOutTheClassesNothingCanReachWhenAsked() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    entries.put("sample/Sample.class", sampleClass);
    Path unnamed = work.resolve("unnamed.jar");
    writeJar(unnamed, entries);
    entries.put("META-INF/services/java.lang.Object", "sample.Sample\n".getBytes(StandardCharsets.US_ASCII));
    Path named = work.resolve("named.jar");
    writeJar(named, entries);

    JarSlimmer slimmer = new JarSlimmer(true);
    assertEquals(1, slimmer.slim(unnamed).classesRemoved());
    assertEquals(0, slimmer.slim(named).classesRemoved(), "a service file names it");

    try (ZipFile zip = new ZipFile(unnamed.toFile())) {
      assertEquals(null, zip.getEntry("sample/Sample.class"));
      assertNotNull(zip.getEntry("META-INF/MANIFEST.MF"));
    }
    try (ZipFile zip = new ZipFile(named.toFile())) {
      assertNotNull(zip.getEntry("sample/Sample.class"));
    }
  }

  @Test
  void leavesAClassWithAnAttributeAsmCannotRewriteUnchanged() {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "sample/Custom", null, "java/lang/Object", null);
    writer.visitAttribute(new RawAttribute("VendorIndexes", new byte[] {0, 1}));
    MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f", "()V", null, null);
    method.visitCode();
    Label start = new Label();
    method.visitLabel(start);
    method.visitInsn(Opcodes.RETURN);
    Label end = new Label();
    method.visitLabel(end);
    method.visitLocalVariable("unused", "I", null, start, end, 0);
    method.visitMaxs(0, 1);
    method.visitEnd();
    writer.visitEnd();
    byte[] custom = writer.toByteArray();

    assertSame(custom, DebugAttributeStripper.strip(custom));
  }

  private static void writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        if (entry.getValue() != null) {
          out.write(entry.getValue());
        }
        out.closeEntry();
      }
    }
  }

  private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  /** Walks the local file headers from the start of the jar: possible because none is followed by a descriptor. */
  private static int entriesWithDataDescriptor(byte[] zip) {
    ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int withDescriptor = 0;
    int at = 0;
    while (buffer.getInt(at) == 0x04034b50) {
      int flags = buffer.getShort(at + 6) & 0xffff;
      if ((flags & 0x08) != 0) {
        withDescriptor++;
      }
      int compressed = buffer.getInt(at + 18);
      int nameLength = buffer.getShort(at + 26) & 0xffff;
      int extraLength = buffer.getShort(at + 28) & 0xffff;
      at += 30 + nameLength + extraLength + compressed;
    }
    assertEquals(0x02014b50, buffer.getInt(at), "the walk ends at the central directory");
    return withDescriptor;
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** What a class file still says about its source: counted through ASM. */
  private static final class DebugInfo {
    int localVariables;
    int genericLocals;
    int lineNumbers;
    String sourceFile;

    static DebugInfo of(byte[] classFile) {
      DebugInfo info = new DebugInfo();
      new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
        @Override
        public void visitSource(String source, String debug) {
          info.sourceFile = source;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
          return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public void visitLocalVariable(String varName, String varDescriptor, String varSignature, Label start,
                Label end, int index) {
              info.localVariables++;
              if (varSignature != null) {
                info.genericLocals++;
              }
            }

            @Override
            public void visitLineNumber(int line, Label start) {
              info.lineNumbers++;
            }
          };
        }
      }, 0);
      return info;
    }
  }

  /** An attribute ASM has no reader for, written as raw bytes. */
  private static final class RawAttribute extends Attribute {
    private final byte[] content;

    RawAttribute(String type, byte[] content) {
      super(type);
      this.content = content;
    }

    @Override
    protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
      return new ByteVector().putByteArray(content, 0, content.length);
    }
  }
}
