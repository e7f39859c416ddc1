package io.agentsafety.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What to create.
 *
 * @param template  backend template (E2B template id/name; ignored by the local backend), null = default
 * @param timeout   the sandbox's lifetime, after which the backend kills it by itself
 * @param envVars   default environment of every process in the sandbox
 * @param metadata  tags (this service always sets {@code agent-safety: "1"}, {@code run_id} and
 *                  {@code deadline}) used by list and by the sweeper
 * @param deadline  when the sweeper may kill it whatever its state
 * @param egress    where processes may connect
 */
public record SandboxSpec(String template, Duration timeout, Map<String, String> envVars,
                          Map<String, String> metadata, Instant deadline, EgressPolicy egress) {
    public SandboxSpec {
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        egress = egress == null ? EgressPolicy.NONE : egress;
    }
}
