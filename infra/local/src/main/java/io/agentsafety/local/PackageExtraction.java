package io.agentsafety.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A deployment package unzipped once, as Lambda unzips it into {@code /var/task}: into
 * {@code <package folder>/lambda-task/<package name>-<content hash>/}, so a rebuilt package (new content) gets a new
 * directory and workers started from the old one keep theirs until they are replaced. Workers of every function that
 * shares a package (sandbox-exec's seven) and every JVM using it (the runner, the cold-start bench) share one
 * extraction: it is written into a temporary directory and renamed into place, and the first rename wins.
 *
 * <p>Old extractions of the same package are deleted when a new one is made (a worker still running from one keeps
 * its open jar: on Linux the file lives on until it is closed), and so are temporary directories left by a JVM that
 * died while unzipping.
 */
final class PackageExtraction {

    static final String CACHE_DIR = "lambda-task";
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    /** The zip's size and time when it was hashed, and where its content went: hashing 10 MB per worker start is not free. */
    private record Known(long size, FileTime modified, Path root) {
    }

    private static final Map<Path, Known> KNOWN = new HashMap<>();

    private PackageExtraction() {
    }

    /** The task root of {@code zip}'s current content, unzipped now if no JVM has done it yet. */
    static synchronized Path extract(Path zip) throws IOException {
        Path absolute = zip.toAbsolutePath().normalize();
        long size = Files.size(absolute);
        FileTime modified = Files.getLastModifiedTime(absolute);
        Known known = KNOWN.get(absolute);
        if (known != null && known.size == size && known.modified.equals(modified) && Files.isDirectory(known.root)) {
            return known.root;
        }
        String name = baseName(absolute);
        Path cache = Files.createDirectories(absolute.getParent().resolve(CACHE_DIR));
        Path root = cache.resolve(name + "-" + contentHash(absolute));
        if (!Files.isDirectory(root)) {
            Path tmp = Files.createTempDirectory(cache, name + ".tmp-");
            try {
                unzip(absolute, tmp);
                Files.move(tmp, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                deleteTree(tmp); // another JVM unzipped the same content first
            } catch (IOException | RuntimeException e) {
                deleteTree(tmp);
                throw e;
            }
        }
        removeOlder(cache, name, root);
        KNOWN.put(absolute, new Known(size, modified, root));
        return root;
    }

    private static String baseName(Path zip) {
        String file = zip.getFileName().toString();
        return file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
    }

    /** The first 16 hex digits of the zip's SHA-256. */
    private static String contentHash(Path zip) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has it
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(zip), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target) || file.equals(target)) {
                    throw new IOException(zip + ": entry " + entry.getName() + " points outside the package");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
    }

    /** Other extractions of this package, and temporary ones abandoned by a JVM that died while unzipping. */
    private static void removeOlder(Path cache, String name, Path current) throws IOException {
        Pattern extraction = Pattern.compile(Pattern.quote(name) + "-[0-9a-f]{16}");
        Instant abandoned = Instant.now().minus(ABANDONED);
        try (Stream<Path> dirs = Files.list(cache)) {
            for (Path dir : dirs.toList()) {
                String file = dir.getFileName().toString();
                boolean older = extraction.matcher(file).matches() && !dir.equals(current);
                boolean leftOver = file.startsWith(name + ".tmp-")
                    && Files.getLastModifiedTime(dir).toInstant().isBefore(abandoned);
                if (older || leftOver) {
                    deleteTree(dir);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
