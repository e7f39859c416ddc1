package io.agentsafety.testing.e2b;

import java.util.ArrayList;
import java.util.List;

/** A real OS process started by {@code Process/Start}, killed with its whole tree. */
final class StandInProcess {

    final Process process;
    final String command;
    private final List<ProcessHandle> seen = new ArrayList<>();
    volatile boolean killedBySignal;

    StandInProcess(Process process, String command) {
        this.process = process;
        this.command = command;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL to the process and every descendant (collected before the kill, as orphans get reparented). */
    synchronized void killTree() {
        killedBySignal = true;
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        seen.addAll(tree);
        for (ProcessHandle handle : tree) {
            handle.destroyForcibly();
        }
    }

    /** True while the process or any descendant seen at kill time is still alive. */
    synchronized boolean treeAlive() {
        if (process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive)) {
            return true;
        }
        return seen.stream().anyMatch(ProcessHandle::isAlive);
    }
}
