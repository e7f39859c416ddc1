package io.agentsafety.testing.e2b;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Stream;

/** One sandbox of the stand-in: a temporary directory, its processes, its TTL timer. */
final class StandInSandbox {

    final String id;
    final String token;
    final String templateId;
    final Map<String, String> metadata;
    final Map<String, String> envVars;
    final JsonNode createBody;
    final Instant startedAt;
    final Path root;
    final Path home;
    final Map<Long, StandInProcess> processes = new ConcurrentHashMap<>();
    volatile Instant endAt;
    volatile boolean gone;
    volatile ScheduledFuture<?> expiry;

    StandInSandbox(String id, String token, String templateId, Map<String, String> metadata,
                   Map<String, String> envVars, JsonNode createBody, Instant endAt) throws IOException {
        this.id = id;
        this.token = token;
        this.templateId = templateId;
        this.metadata = Map.copyOf(metadata);
        this.envVars = Map.copyOf(envVars);
        this.createBody = createBody;
        this.startedAt = Instant.now();
        this.endAt = endAt;
        this.root = Files.createTempDirectory("e2b-standin-" + id + "-");
        this.home = Files.createDirectories(root.resolve("home/user"));
    }

    /** Maps a sandbox path to the host: relative and {@code /home/user/…} to the home directory, others re-rooted. */
    Path resolve(String path) {
        String p = path;
        if (p.startsWith("/home/user")) {
            p = p.substring("/home/user".length());
        } else if (p.startsWith("/")) {
            return root.resolve(p.substring(1)).normalize();
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() ? home : home.resolve(p).normalize();
    }

    boolean contains(Path hostPath) {
        return hostPath.normalize().startsWith(root);
    }

    /** Kill and expiry: every process tree dies, open streams are cut, the directory is deleted. */
    void destroy() {
        gone = true;
        ScheduledFuture<?> timer = expiry;
        if (timer != null) {
            timer.cancel(false);
        }
        for (StandInProcess process : List.copyOf(processes.values())) {
            process.killTree();
        }
        deleteTree(root);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
