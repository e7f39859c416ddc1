package io.agentsafety.build.slim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;

/**
 * The classes of a jar that nothing can load: not a root and not named by any class reachable from a root.
 *
 * <p>Roots: every class of the packages whose classes are found by name at run time ({@link #ROOT_PACKAGES}: Micronaut
 * lists its bean definitions, introspections and service implementations under {@code META-INF/micronaut/} and finds
 * generated classes by name, the project's handlers are named by the template, and Logback's classes are what an
 * operator's configuration file may name), every {@code package-info}, and every class named anywhere in a resource
 * (service files, {@code META-INF/micronaut/} entry names, configuration files).
 *
 * <p>A class names another when any {@code CONSTANT_Utf8} of its constant pool contains the other's name, in binary
 * ({@code a/b/C}, as in class references, descriptors, signatures and annotations) or dotted ({@code a.b.C}, as in the
 * string constants given to {@code Class.forName} or {@code ClassLoader.loadClass}) form. That over-approximates what
 * the JVM and reflection can link; a name assembled at run time from pieces is what it cannot see, which is why whole
 * packages whose classes are found that way are roots.
 */
final class ClassReachability {

  static final List<String> ROOT_PACKAGES = List.of("io/micronaut/", "io/agentsafety/", "ch/qos/logback/");

  private static final String PRIMITIVE_OR_OBJECT = "BCDFIJSZVL";

  private ClassReachability() {}

  /** Entry names ({@code a/b/C.class}) of the classes that are unreachable, from every entry's name and content. */
  static Set<String> unreachableClassEntries(Map<String, byte[]> entries) {
    Set<String> classes = new HashSet<>();
    for (String name : entries.keySet()) {
      if (isClass(name)) {
        classes.add(name.substring(0, name.length() - ".class".length()));
      }
    }
    Set<String> reached = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      String name = entry.getKey();
      if (isClass(name)) {
        String className = name.substring(0, name.length() - ".class".length());
        if (isRoot(className)) {
          pending.add(className);
        }
      } else {
        namedClasses(name, classes, pending);
        // the last segment alone: META-INF/micronaut/<service>/a.b.$C$Definition and META-INF/services/a.b.Service
        // name a class there, which the whole path ("INF/micronaut/...": '-' ends a token) never matches
        namedClasses(name.substring(name.lastIndexOf('/') + 1), classes, pending);
        namedClasses(new String(entry.getValue(), StandardCharsets.ISO_8859_1), classes, pending);
      }
    }
    while (!pending.isEmpty()) {
      String className = pending.pop();
      if (reached.add(className)) {
        for (String text : utf8Constants(entries.get(className + ".class"))) {
          namedClasses(text, classes, pending);
        }
      }
    }
    Set<String> unreachable = new HashSet<>();
    for (String className : classes) {
      if (!reached.contains(className)) {
        unreachable.add(className + ".class");
      }
    }
    return unreachable;
  }

  private static boolean isClass(String entryName) {
    return entryName.endsWith(".class") && !entryName.startsWith("META-INF/");
  }

  private static boolean isRoot(String className) {
    if (className.endsWith("/package-info") || className.indexOf('/') < 0) {
      return true;
    }
    for (String prefix : ROOT_PACKAGES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Adds to {@code found} every class of {@code classes} whose binary or dotted name is a token of {@code text}. */
  private static void namedClasses(String text, Set<String> classes, Deque<String> found) {
    int length = text.length();
    int start = 0;
    while (start < length) {
      while (start < length && !isNameChar(text.charAt(start))) {
        start++;
      }
      int end = start;
      while (end < length && isNameChar(text.charAt(end))) {
        end++;
      }
      if (end > start) {
        String token = text.substring(start, end).replace('.', '/');
        addIfClass(token, classes, found);
        if (token.endsWith("/class")) {
          addIfClass(token.substring(0, token.length() - "/class".length()), classes, found);
        }
        // a descriptor's object type, after any primitive types before it: (JILio/netty/Foo;)V gives the token
        // JILio/netty/Foo (the ';' ended it)
        for (int at = 0; at < token.length() - 1 && PRIMITIVE_OR_OBJECT.indexOf(token.charAt(at)) >= 0; at++) {
          if (token.charAt(at) == 'L') {
            addIfClass(token.substring(at + 1), classes, found);
          }
        }
      }
      start = end;
    }
  }

  private static void addIfClass(String candidate, Set<String> classes, Deque<String> found) {
    if (classes.contains(candidate)) {
      found.add(candidate);
    }
  }

  private static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c == '/'
        || c == '.';
  }

  /** The class file's {@code CONSTANT_Utf8} entries, read as Latin-1 (class names in these jars are ASCII). */
  private static List<String> utf8Constants(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    List<String> texts = new ArrayList<>();
    for (int item = 1; item < reader.getItemCount(); item++) {
      int offset = reader.getItem(item);
      // 0 for the unusable slot after a long or double; the tag byte precedes the item's offset
      if (offset > 0 && classFile[offset - 1] == 1) {
        int length = reader.readUnsignedShort(offset);
        texts.add(new String(classFile, offset + 2, length, StandardCharsets.ISO_8859_1));
      }
    }
    return texts;
  }
}
