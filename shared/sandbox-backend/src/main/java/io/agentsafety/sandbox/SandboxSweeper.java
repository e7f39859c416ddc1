package io.agentsafety.sandbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Leaks cost money: lists the sandboxes this service tagged ({@code agent-safety: "1"}) and kills every one past
 * the {@code deadline} in its metadata. A tagged sandbox whose deadline is missing or unreadable is killed too
 * (this service always writes one, so it is not a sandbox anyone is waiting for). Untagged sandboxes are never
 * touched: they belong to someone else on the same account.
 */
@Singleton
public class SandboxSweeper {

    /** The metadata key every sandbox this service creates carries (value {@code "1"}): what the sweeper may kill. */
    public static final String TAG = "agent-safety";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxSweeper.class);

    /** One sweep: what was seen, what was killed (ids), what could not be killed. */
    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record Report(String backend, int tagged, List<String> killed, List<String> failed,
                         @JsonProperty("swept_at") String sweptAt) {
    }

    private final SandboxBackend backend;

    public SandboxSweeper(SandboxBackend backend) {
        this.backend = backend;
    }

    public Report sweep(Instant now) {
        List<SandboxInfo> tagged = backend.list(Map.of(TAG, "1"));
        List<String> killed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (SandboxInfo info : tagged) {
            if (!expired(info, now)) {
                continue;
            }
            try {
                backend.kill(info.sandboxId());
                killed.add(info.sandboxId());
                LOG.info("sweeper killed sandbox {} (run_id={}, deadline={})", info.sandboxId(), info.metadata().get("run_id"),
                    info.metadata().get("deadline"));
            } catch (SandboxException e) {
                failed.add(info.sandboxId());
                LOG.warn("sweeper could not kill sandbox {}: {}", info.sandboxId(), e.kind());
            }
        }
        return new Report(backend.name(), tagged.size(), killed, failed, now.toString());
    }

    static boolean expired(SandboxInfo info, Instant now) {
        String deadline = info.metadata().get("deadline");
        if (deadline == null) {
            return true;
        }
        try {
            return Instant.parse(deadline).isBefore(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }
}
