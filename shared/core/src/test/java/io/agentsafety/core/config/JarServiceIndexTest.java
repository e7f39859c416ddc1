package io.agentsafety.core.config;

import io.micronaut.core.io.service.MicronautMetaServiceLoaderUtils;
import io.micronaut.core.io.service.SoftServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JarServiceIndexTest {

    /** A service implementation the test jar carries as a class file. */
    public static final class Sample implements Runnable {
        @Override
        public void run() {
        }
    }

    private static final String TYPE = "io.micronaut.inject.BeanDefinitionReference";
    private static final String SERVICE_TYPE = "java.lang.Runnable";

    @Test
    void listsWhatMicronautsOwnScanFindsInTheOneJar(@TempDir Path dir) throws Exception {
        Path jar = sampleJar(dir);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Map<String, List<String>> listed = JarServiceIndex.servicesOf(loader);
            // Micronaut's own walk of META-INF/micronaut/ (a zip file system of the jar): the same types and classes
            Map<String, Set<String>> scanned = MicronautMetaServiceLoaderUtils.findAllMicronautMetaServices(loader);
            Map<String, Set<String>> listedMeta = new TreeMap<>();
            listed.forEach((type, names) -> {
                if (!type.equals(SERVICE_TYPE)) {
                    listedMeta.put(type, new LinkedHashSet<>(names));
                }
            });
            assertEquals(new TreeMap<>(scanned), listedMeta);
            assertEquals(Set.of(Sample.class.getName(), "io.example.Missing"), listedMeta.get(TYPE));
            // META-INF/services lines: comments and blanks out, as Micronaut reads them
            assertEquals(List.of(Sample.class.getName(), "io.example.Gone"), listed.get(SERVICE_TYPE));
        }
    }

    @Test
    void createsTheListedClassesAndLeavesOutThoseThatCannotLoad(@TempDir Path dir) throws Exception {
        Path jar = sampleJar(dir);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders = JarServiceIndex.loadersOf(loader);
            List<?> created = loaders.get(SERVICE_TYPE).load(s -> true);
            assertEquals(1, created.size());
            // the jar's own copy of the class, not this test's
            assertEquals(Sample.class.getName(), created.get(0).getClass().getName());
            assertEquals(loader, created.get(0).getClass().getClassLoader());
            assertEquals(1, loaders.get(TYPE).load(s -> true).size());
            assertTrue(loaders.get(TYPE).findAll(name -> !name.equals(Sample.class.getName())).findAny().isEmpty());
        }
    }

    @Test
    void servesATypeTheJarHasNothingOfFromTheClassPathsServicesFilesAlone(@TempDir Path dir) throws Exception {
        Path jar = sampleJar(dir);
        // a second class path entry with a services file but no META-INF/micronaut/ (the scan would read it too)
        Path other = dir.resolve("other.jar");
        try (OutputStream file = Files.newOutputStream(other); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/java.util.function.Supplier"));
            out.write((Sample.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), other.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
            Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders = JarServiceIndex.loadersOf(loader);
            // Micronaut asks containsKey, then get: a listed answer means no walk of the jar
            assertTrue(loaders.containsKey("io.micronaut.http.HttpResponseFactory"));
            assertTrue(loaders.get("io.micronaut.http.HttpResponseFactory").load(s -> true).isEmpty());
            assertTrue(MicronautMetaServiceLoaderUtils.findAllMicronautMetaServices(loader)
                .getOrDefault("io.micronaut.http.HttpResponseFactory", Set.of()).isEmpty());
            List<?> suppliers = loaders.get("java.util.function.Supplier").load(s -> true);
            assertEquals(1, suppliers.size());
            assertEquals(Sample.class.getName(), suppliers.get(0).getClass().getName());
        }
    }

    @Test
    void listsNothingWhenSeveralClassPathEntriesCarryMicronautMetadata() {
        // this test's class path: micronaut-inject, micronaut-http, ... each with META-INF/micronaut/
        assertEquals(Map.of(), JarServiceIndex.servicesOf(JarServiceIndexTest.class.getClassLoader()));
        assertEquals(Map.of(), new JarServiceIndex().load().getServiceLoaders());
    }

    private static Path sampleJar(Path dir) throws IOException {
        Path jar = dir.resolve("function.jar");
        String sampleClass = Sample.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             InputStream classBytes = JarServiceIndexTest.class.getClassLoader().getResourceAsStream(sampleClass)) {
            for (String directory : List.of("META-INF/", "META-INF/micronaut/", "META-INF/micronaut/" + TYPE + "/",
                "META-INF/micronaut/io.micronaut.core.beans.BeanIntrospectionReference/", "META-INF/services/")) {
                out.putNextEntry(new JarEntry(directory));
            }
            for (String entry : List.of(TYPE + "/" + Sample.class.getName(), TYPE + "/io.example.Missing",
                "io.micronaut.core.beans.BeanIntrospectionReference/io.example.Introspection")) {
                out.putNextEntry(new JarEntry("META-INF/micronaut/" + entry));
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + SERVICE_TYPE));
            out.write(("# a comment\n" + Sample.class.getName() + "\n\n io.example.Gone # trailing\n").getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry(sampleClass));
            classBytes.transferTo(out);
        }
        return jar;
    }
}
