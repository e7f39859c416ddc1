package io.agentsafety.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where untrusted commands run: E2B in production, a bubblewrap-isolated local workspace otherwise.
 * Every method either succeeds or throws {@link SandboxException} with a {@link SandboxException.Kind};
 * no method returns a half-made sandbox. Implementations are thread-safe.
 */
public interface SandboxBackend {

    /** {@code "e2b"} or {@code "local"}: reported in answers and health. */
    String name();

    /** Creates a sandbox; the caller owns it and must {@link Sandbox#close()} it on every path. */
    Sandbox create(SandboxSpec spec);

    /** Kills a sandbox by id (used by the sweeper); an already-gone sandbox is not an error (returns false). */
    boolean kill(String sandboxId);

    /** Extends a sandbox's lifetime to now + {@code timeout} (keep-alive during long work). */
    void setTimeout(String sandboxId, Duration timeout);

    /** Sandboxes whose metadata contains every entry of {@code metadataFilter} (empty filter: all). */
    List<SandboxInfo> list(Map<String, String> metadataFilter);

    /** Reachability and isolation, for {@code GET /sandbox/health}. Never throws. */
    BackendHealth health();
}
