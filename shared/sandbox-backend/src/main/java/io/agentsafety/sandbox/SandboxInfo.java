package io.agentsafety.sandbox;

import java.time.Instant;
import java.util.Map;

/** A sandbox as listed by the backend (for the sweeper and operators). */
public record SandboxInfo(String sandboxId, String template, Map<String, String> metadata, Instant startedAt,
                          Instant endAt) {
}
