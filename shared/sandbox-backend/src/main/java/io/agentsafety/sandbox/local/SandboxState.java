package io.agentsafety.sandbox.local;

import io.agentsafety.sandbox.SandboxInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a local sandbox looks like on disk, so that another JVM on the same machine (the sweeper function next to
 * the sandbox-exec worker, an operator's {@code invoke}) can list and kill it, as the E2B control plane would.
 * {@code <root>/<id>/state.properties} holds template, times and metadata (never the environment: it may carry
 * secrets); {@code <root>/<id>/procs/<pid>-<start ms>} names each running command's root process;
 * {@code <root>/<id>/workspace} is the workspace.
 */
final class SandboxState {

    private static final String FILE = "state.properties";

    private SandboxState() {
    }

    static Path workspace(Path dir) {
        return dir.resolve("workspace");
    }

    static Path procs(Path dir) {
        return dir.resolve("procs");
    }

    static void write(Path dir, SandboxInfo info) {
        Properties p = new Properties();
        p.setProperty("id", info.sandboxId());
        if (info.template() != null) {
            p.setProperty("template", info.template());
        }
        p.setProperty("started_at", Long.toString(info.startedAt().toEpochMilli()));
        p.setProperty("end_at", Long.toString(info.endAt().toEpochMilli()));
        info.metadata().forEach((k, v) -> p.setProperty("metadata." + k, v));
        Path tmp = dir.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            try {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException again) {
                throw new java.io.UncheckedIOException(again);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The sandbox's egress allowlist, one entry a line (host names, not secrets), so a sandbox attached by another
     * JVM gets the same relay. Unreadable → nothing allowed (fail closed).
     */
    static void writeEgress(Path dir, java.util.List<String> allowOut) throws IOException {
        Files.writeString(dir.resolve("egress"), String.join("\n", allowOut));
    }

    static java.util.List<String> readEgress(Path dir) {
        try {
            return Files.readString(dir.resolve("egress")).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }

    static Optional<SandboxInfo> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            Map<String, String> metadata = new LinkedHashMap<>();
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("metadata.")) {
                    metadata.put(name.substring("metadata.".length()), p.getProperty(name));
                }
            }
            return Optional.of(new SandboxInfo(p.getProperty("id"), p.getProperty("template"), Map.copyOf(metadata),
                Instant.ofEpochMilli(Long.parseLong(p.getProperty("started_at"))),
                Instant.ofEpochMilli(Long.parseLong(p.getProperty("end_at")))));
        } catch (IOException | RuntimeException vanishedOrPartial) {
            return Optional.empty();
        }
    }

    /**
     * Removes the record first, before processes are killed and files deleted: whoever sees a command of the
     * sandbox die from the kill must no longer find the sandbox listed.
     */
    static void forget(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            // the tree deletion that follows removes it, or the reaper retries
        }
    }

    static List<Path> all(Path root) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            dirs.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    static Path recordProcess(Path dir, ProcessHandle process) {
        long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Path marker = procs(dir).resolve(process.pid() + "-" + start);
        try {
            Files.createDirectories(marker.getParent());
            Files.createFile(marker);
        } catch (IOException e) {
            return null;
        }
        return marker;
    }

    /** Kills every process another JVM recorded for this sandbox (checked against pid reuse). */
    static void killRecordedProcesses(Path dir) {
        if (!Files.isDirectory(procs(dir))) {
            return;
        }
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(procs(dir))) {
            for (Path marker : markers) {
                String[] parts = marker.getFileName().toString().split("-");
                if (parts.length == 2) {
                    ProcessTree.killRecorded(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // best effort: the workspace is deleted next either way
        }
    }
}
