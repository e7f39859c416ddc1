package io.agentsafety.build.slim;

import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;

/**
 * Removes from one class file the debug attributes nothing reads at run time: {@code LocalVariableTable},
 * {@code LocalVariableTypeTable} (local variable names and generic types, read only by debuggers) and
 * {@code SourceDebugExtension} (JSR-45 source maps). {@code LineNumberTable} and {@code SourceFile} stay, so stack
 * traces keep their file names and line numbers; {@code MethodParameters} (what reflection's parameter names come from)
 * and every other attribute stay. {@link #strip(byte[], boolean)} can also drop {@code LineNumberTable}: JarSlimmer
 * does that for library classes when asked, so their stack frames name the file without a line.
 *
 * <p>The class is written with a fresh constant pool, so the names and signatures only those attributes used leave the
 * pool too. An attribute ASM does not know is copied as raw bytes whose constant-pool indexes would then point at the
 * wrong entries, so a class carrying one is returned unchanged.
 */
final class DebugAttributeStripper {

  private DebugAttributeStripper() {}

  /**
   * The class without its local-variable tables and source debug extension, or {@code classFile} itself when that is
   * not smaller or the class has an attribute ASM cannot rewrite.
   */
  static byte[] strip(byte[] classFile) {
    return strip(classFile, true);
  }

  /** As {@link #strip(byte[])}; without {@code keepLineNumbers} the {@code LineNumberTable} goes too. */
  static byte[] strip(byte[] classFile, boolean keepLineNumbers) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(0);
    Filter filter = new Filter(writer, keepLineNumbers);
    // flags 0: stack map frames and max stack/locals are copied as they are, never recomputed
    reader.accept(filter, 0);
    if (filter.sawUnknownAttribute) {
      return classFile;
    }
    // a class without debug tables (or with empty ones, which no visitor call reveals) may come out no smaller
    byte[] stripped = writer.toByteArray();
    return stripped.length < classFile.length ? stripped : classFile;
  }

  private static final class Filter extends ClassVisitor {
    boolean sawUnknownAttribute;
    private final boolean keepLineNumbers;

    Filter(ClassVisitor next, boolean keepLineNumbers) {
      super(Opcodes.ASM9, next);
      this.keepLineNumbers = keepLineNumbers;
    }

    @Override
    public void visitSource(String source, String debug) {
      super.visitSource(source, null);
    }

    @Override
    public void visitAttribute(Attribute attribute) {
      sawUnknownAttribute = true;
      super.visitAttribute(attribute);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
      return new FieldVisitor(Opcodes.ASM9, super.visitField(access, name, descriptor, signature, value)) {
        @Override
        public void visitAttribute(Attribute attribute) {
          sawUnknownAttribute = true;
          super.visitAttribute(attribute);
        }
      };
    }

    @Override
    public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
      return new RecordComponentVisitor(Opcodes.ASM9, super.visitRecordComponent(name, descriptor, signature)) {
        @Override
        public void visitAttribute(Attribute attribute) {
          sawUnknownAttribute = true;
          super.visitAttribute(attribute);
        }
      };
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
        @Override
        public void visitLocalVariable(String varName, String varDescriptor, String varSignature, Label start, Label end,
            int index) {
          // both tables arrive here (the type table as varSignature): dropping the call drops both
        }

        @Override
        public void visitLineNumber(int line, Label start) {
          if (keepLineNumbers) {
            super.visitLineNumber(line, start);
          }
        }

        @Override
        public void visitAttribute(Attribute attribute) {
          sawUnknownAttribute = true;
          super.visitAttribute(attribute);
        }
      };
    }
  }
}
