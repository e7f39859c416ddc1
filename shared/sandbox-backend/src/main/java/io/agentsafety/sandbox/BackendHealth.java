package io.agentsafety.sandbox;

/**
 * @param backend   {@code "e2b"} or {@code "local"}
 * @param reachable the backend answered (E2B control plane reachable; local: can start processes)
 * @param isolated  commands are isolated (E2B: always; local: bubblewrap present and working)
 * @param detail    a human-readable sentence, never a secret
 */
public record BackendHealth(String backend, boolean reachable, boolean isolated, String detail) {
}
