package io.agentsafety.sandbox;

import java.time.Duration;
import java.util.Map;

/**
 * One command to run.
 *
 * @param command        shell command line, run with {@code /bin/bash -c} (E2B: {@code -l -c}) in the sandbox
 * @param cwd            working directory, null = the sandbox's workspace
 * @param env            extra environment for this command
 * @param timeout        enforced server-side and client-side; the whole process tree is killed
 * @param maxOutputBytes cap of stdout and of stderr each; beyond it output is dropped and {@code truncated} set
 */
public record ExecRequest(String command, String cwd, Map<String, String> env, Duration timeout, int maxOutputBytes) {
    public ExecRequest {
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
