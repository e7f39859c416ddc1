package io.agentsafety.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a worker JVM runs from, the way Lambda's Java runtime sees a function's code: the deployment package unzipped
 * into a task root ({@code /var/task} there, {@link PackageExtraction}'s cache directory here), and a class path of
 * that root plus {@code root/lib/*.jar} in name order. A CodeUri may be the package (a {@code .zip}), a folder already
 * in that layout (SAM's Java build output), or a flat jar (run as it is: unzipped it would be the same classes at the
 * root).
 *
 * <p>The root itself is on the class path only when it holds more than {@code lib/}: this project's packages hold
 * nothing else, and an AppCDS archive cannot be dumped with a non-empty directory on the class path (the bench's
 * {@code cds} mode), while an empty-of-classes root would only add a failed lookup to every class load.
 *
 * @param workingDirectory the worker's current directory (Lambda's is the task root)
 * @param classPath        the function's class path entries, in order
 */
record LambdaTask(Path workingDirectory, List<Path> classPath) {

    static LambdaTask of(Path artifact) throws IOException {
        Path codeUri = artifact.toAbsolutePath().normalize(); // the worker's current directory is not the caller's
        if (Files.isDirectory(codeUri)) {
            return ofRoot(codeUri);
        }
        if (codeUri.getFileName().toString().endsWith(".zip")) {
            return ofRoot(PackageExtraction.extract(codeUri));
        }
        return new LambdaTask(codeUri.getParent(), List.of(codeUri));
    }

    private static LambdaTask ofRoot(Path root) throws IOException {
        List<Path> entries = new ArrayList<>();
        Path lib = root.resolve("lib");
        boolean onlyLib;
        try (Stream<Path> children = Files.list(root)) {
            onlyLib = children.allMatch(lib::equals);
        }
        if (!onlyLib) {
            entries.add(root);
        }
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(entries::add);
            }
        }
        if (entries.isEmpty()) {
            throw new IOException(root + " holds neither classes nor lib/*.jar");
        }
        return new LambdaTask(root, List.copyOf(entries));
    }

    /** The class path as the {@code -cp} argument, followed by {@code more} (the worker jar). */
    String classPathArgument(Path... more) {
        List<String> all = new ArrayList<>();
        classPath.forEach(p -> all.add(p.toString()));
        for (Path p : more) {
            all.add(p.toString());
        }
        return String.join(File.pathSeparator, all);
    }
}
