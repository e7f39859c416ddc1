package io.agentsafety.sandbox.local;

import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A sandbox's writable directory on the host, and the only place files may be read from or written to.
 * Paths from callers are relative to it (or absolute under {@link Isolation#SANDBOX_WORKSPACE}); {@code ..},
 * other absolute paths and symlinks leading out of it are refused — the sandboxed command itself can plant a
 * symlink to {@code /etc/shadow} and ask us to download it.
 */
final class Workspace {

    private final Path root;

    Workspace(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The host path of a caller's path, confined to the workspace; every existing component must not be a link out. */
    Path resolve(String path) {
        if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
            throw new SandboxException(Kind.INVALID, "path must be a non-empty path inside the workspace");
        }
        String relative = path;
        if (relative.startsWith("/")) {
            if (relative.equals(Isolation.SANDBOX_WORKSPACE) || relative.startsWith(Isolation.SANDBOX_WORKSPACE + "/")) {
                relative = relative.substring(Isolation.SANDBOX_WORKSPACE.length()).replaceFirst("^/+", "");
            } else {
                throw new SandboxException(Kind.INVALID, "absolute paths must be under " + Isolation.SANDBOX_WORKSPACE);
            }
        }
        Path candidate = relative.isEmpty() ? root : root.resolve(relative);
        for (Path part : Path.of(relative.isEmpty() ? "." : relative)) {
            if (part.toString().equals("..")) {
                throw new SandboxException(Kind.INVALID, "path must not contain '..'");
            }
        }
        Path normalized = candidate.normalize();
        if (!normalized.startsWith(root)) {
            throw new SandboxException(Kind.INVALID, "path leaves the workspace");
        }
        // Walk the existing components: a symlink anywhere on the way is refused (it could point outside).
        Path walk = root;
        for (Path part : root.relativize(normalized)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            walk = walk.resolve(part);
            if (Files.isSymbolicLink(walk)) {
                throw new SandboxException(Kind.INVALID, "path goes through a symbolic link");
            }
        }
        return normalized;
    }

    void write(String path, byte[] content) {
        Path target = resolve(path);
        if (target.equals(root)) {
            throw new SandboxException(Kind.INVALID, "path names the workspace itself");
        }
        try {
            Files.createDirectories(target.getParent());
            // re-check after creating parents: nothing may have been swapped for a link in between
            resolve(path);
            Files.write(target, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new SandboxException(Kind.INVALID, "cannot write the file: " + e.getClass().getSimpleName());
        }
    }

    byte[] read(String path, long maxBytes) {
        Path target = resolve(path);
        try {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new SandboxException(Kind.NOT_FOUND, "no such regular file in the workspace");
            }
            try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new SandboxException(Kind.TOO_LARGE, "the file is larger than " + maxBytes + " bytes");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new SandboxException(Kind.INVALID, "cannot read the file: " + e.getClass().getSimpleName());
        }
    }

    /** Deletes the workspace tree without following links (a link to / must not take the host with it). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    file.toFile().setWritable(true);
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    d.toFile().setWritable(true);
                    d.toFile().setExecutable(true);
                    d.toFile().setReadable(true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
