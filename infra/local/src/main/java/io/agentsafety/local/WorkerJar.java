package io.agentsafety.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The small jar put on every worker's class path beside the function's own artifact: only the classes of
 * {@code io.agentsafety.local.worker} (JDK + the function's own aws-lambda-java-core), copied out of the
 * runner's code source (its shaded jar or target/classes) into a temporary file. Nothing else of the runner
 * (SnakeYAML, Jackson, Redis) can leak into a function.
 */
final class WorkerJar {

    private static final String PREFIX = "io/agentsafety/local/worker/";
    private static Path jar;

    private WorkerJar() {
    }

    static synchronized Path path() {
        if (jar == null) {
            try {
                jar = build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the worker jar", e);
            }
        }
        return jar;
    }

    private static Path build() throws IOException {
        Path source;
        try {
            source = Path.of(WorkerJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("runner code source is not a file", e);
        }
        Path target = Files.createTempFile("local-runner-worker-", ".jar");
        target.toFile().deleteOnExit();
        List<String> copied = new ArrayList<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source.resolve(PREFIX))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String name = source.relativize(file).toString().replace('\\', '/');
                        try (InputStream in = Files.newInputStream(file)) {
                            copy(out, name, in);
                        }
                        copied.add(name);
                    }
                }
            } else {
                try (JarFile runner = new JarFile(source.toFile())) {
                    for (JarEntry entry : runner.stream().filter(e -> e.getName().startsWith(PREFIX) && !e.isDirectory()).toList()) {
                        try (InputStream in = runner.getInputStream(entry)) {
                            copy(out, entry.getName(), in);
                        }
                        copied.add(entry.getName());
                    }
                }
            }
        }
        if (copied.stream().noneMatch(n -> n.endsWith("WorkerMain.class"))) {
            throw new IOException("worker classes not found in " + source);
        }
        return target;
    }

    private static void copy(JarOutputStream out, String name, InputStream in) throws IOException {
        out.putNextEntry(new JarEntry(name));
        in.transferTo((OutputStream) out);
        out.closeEntry();
    }
}
