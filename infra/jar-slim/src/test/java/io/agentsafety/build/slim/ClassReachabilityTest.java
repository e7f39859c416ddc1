package io.agentsafety.build.slim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassReachabilityTest {

  @TempDir Path work;

  @Test
  void keepsWhatARootReachesByReferenceByNameOrThroughAResourceAndNothingElse() throws IOException {
    Map<String, byte[]> jar = compile(sources(
        // a root: the project's own package
        "io/agentsafety/demo/Handler.java", """
            package io.agentsafety.demo;
            public class Handler {
              public Object handle() throws Exception {
                lib.Used used = new lib.Used();
                return Class.forName("lib.ByName");
              }
              public lib.InSignature describe(java.util.List<lib.InGeneric> values) { return null; }
              // in the descriptor (JLlib/AfterPrimitive;)V the object type follows a primitive one
              public void take(long count, lib.AfterPrimitive value) {}
            }
            """,
        "lib/Used.java", "package lib; public class Used { static class Nested { lib.FromNested x; } Nested n; }",
        "lib/FromNested.java", "package lib; public class FromNested {}",
        "lib/ByName.java", "package lib; public class ByName {}",
        "lib/InSignature.java", "package lib; public class InSignature {}",
        "lib/InGeneric.java", "package lib; public class InGeneric {}",
        "lib/AfterPrimitive.java", "package lib; public class AfterPrimitive {}",
        "lib/Service.java", "package lib; public class Service { lib.FromService dependency; }",
        "lib/FromService.java", "package lib; public class FromService {}",
        "lib/Unused.java", "package lib; public class Unused { lib.OnlyFromUnused x; }",
        "lib/OnlyFromUnused.java", "package lib; public class OnlyFromUnused {}"));
    jar.put("META-INF/services/java.lang.Runnable", "lib.Service\n".getBytes(StandardCharsets.UTF_8));

    Set<String> unreachable = ClassReachability.unreachableClassEntries(jar);

    assertEquals(Set.of("lib/Unused.class", "lib/OnlyFromUnused.class"), unreachable);
  }

  @Test
  void aClassListedByAnEntryNameIsReached() throws IOException {
    Map<String, byte[]> jar = compile(sources(
        "lib/$Bean$Definition.java", "package lib; public class $Bean$Definition { lib.Bean bean; }",
        "lib/Bean.java", "package lib; public class Bean {}",
        "lib/Unlisted.java", "package lib; public class Unlisted {}"));
    // how Micronaut lists a bean definition: an empty entry whose name is the class's
    jar.put("META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/lib.$Bean$Definition", new byte[0]);

    assertEquals(Set.of("lib/Unlisted.class"), ClassReachability.unreachableClassEntries(jar));
  }

  /** Path and source, alternating (more than Map.of takes). */
  private static Map<String, String> sources(String... pathsAndSources) {
    Map<String, String> sources = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndSources.length; i += 2) {
      sources.put(pathsAndSources[i], pathsAndSources[i + 1]);
    }
    return sources;
  }

  private Map<String, byte[]> compile(Map<String, String> sources) throws IOException {
    Path src = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    String[] args = new String[sources.size() + 2];
    int i = 0;
    args[i++] = "-d";
    args[i++] = classes.toString();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args[i++] = file.toString();
    }
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args), "javac");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        entries.put(classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
    return entries;
  }
}
