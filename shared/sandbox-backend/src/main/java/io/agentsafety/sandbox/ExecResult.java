package io.agentsafety.sandbox;

/**
 * Outcome of one command. A command that ran and failed is a result (non-zero {@code exitCode}), not an
 * exception; exceptions are for the sandbox itself failing.
 *
 * @param exitCode  the process's exit code; -1 when killed by the timeout
 * @param stdout    raw bytes, at most the request's cap
 * @param stderr    raw bytes, at most the request's cap
 * @param durationMs wall time from start to end
 * @param timedOut  the timeout killed it
 * @param truncated stdout or stderr was cut at the cap
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, long durationMs, boolean timedOut,
                         boolean truncated) {
}
