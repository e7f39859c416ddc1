package io.agentsafety.sandbox.local;

import java.time.Duration;
import java.util.List;

/**
 * Kills a started command with everything it spawned. Under bubblewrap the command's processes live in their
 * own pid namespace whose init dies with its parent ({@code --die-with-parent}), so killing bwrap ends them all
 * even if they double-forked; the descendant walk also covers the unisolated fallback, where a
 * {@code setsid}/{@code nohup} child would otherwise survive.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    static void kill(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroyForcibly();
        for (ProcessHandle child : descendants) {
            child.destroyForcibly();
        }
        awaitExit(root, Duration.ofSeconds(2));
    }

    /** Kills a process recorded by another JVM, only if it is still the same process (pid reuse). */
    static void killRecorded(long pid, long startEpochMillis) {
        ProcessHandle.of(pid)
            .filter(h -> h.info().startInstant().map(s -> Math.abs(s.toEpochMilli() - startEpochMillis) < 1000).orElse(false))
            .ifPresent(ProcessTree::kill);
    }

    private static void awaitExit(ProcessHandle handle, Duration max) {
        try {
            handle.onExit().get(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception stillExiting) {
            // SIGKILL was sent; the kernel finishes it
        }
    }
}
