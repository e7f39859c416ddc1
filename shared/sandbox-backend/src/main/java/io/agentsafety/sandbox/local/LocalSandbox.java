package io.agentsafety.sandbox.local;

import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxException.Kind;
import io.agentsafety.sandbox.SandboxInfo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One local sandbox: a workspace directory and the commands running in it, each a fresh bubblewrap sandbox. */
final class LocalSandbox implements Sandbox {

    /** After a command exits, how long its output threads may still drain (unisolated orphans can hold the pipe). */
    private static final long DRAIN_GRACE_MS = 2000;

    private final String id;
    private final Path dir;
    private final Workspace workspace;
    private final Isolation isolation;
    private final Map<String, String> envVars;
    /** Null when the sandbox's egress allows nothing (or commands run unisolated). */
    private final EgressRelay relay;
    private final Consumer<LocalSandbox> onClose;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile SandboxInfo info;
    private volatile boolean closed;

    LocalSandbox(String id, Path dir, SandboxInfo info, Isolation isolation, Map<String, String> envVars, EgressRelay relay,
                 Consumer<LocalSandbox> onClose) {
        this.id = id;
        this.dir = dir;
        this.workspace = new Workspace(SandboxState.workspace(dir));
        this.info = info;
        this.isolation = isolation;
        this.envVars = envVars;
        this.relay = relay;
        this.onClose = onClose;
    }

    @Override
    public String id() {
        return id;
    }

    SandboxInfo info() {
        return info;
    }

    Path dir() {
        return dir;
    }

    synchronized void extend(Instant endAt) {
        ensureOpen();
        info = new SandboxInfo(info.sandboxId(), info.template(), info.metadata(), info.startedAt(), endAt);
        SandboxState.write(dir, info);
    }

    @Override
    public ExecResult run(ExecRequest request) {
        ensureOpen();
        if (!Files.isDirectory(workspace.root())) {
            throw new SandboxException(Kind.NOT_FOUND, "sandbox " + id + " was killed");
        }
        if (request.command() == null || request.command().isBlank()) {
            throw new SandboxException(Kind.INVALID, "command must not be blank");
        }
        Path hostCwd = request.cwd() == null ? workspace.root() : workspace.resolve(request.cwd());
        if (!Files.isDirectory(hostCwd)) {
            throw new SandboxException(Kind.INVALID, "cwd is not a directory in the workspace");
        }
        String seenWorkspace = isolation.workspaceSeenBy(workspace.root());
        String seenCwd = isolation.isolated()
            ? Isolation.SANDBOX_WORKSPACE + (hostCwd.equals(workspace.root()) ? "" : "/" + workspace.root().relativize(hostCwd))
            : hostCwd.toString();
        ProcessBuilder builder = new ProcessBuilder(isolation.argv(workspace.root(), seenCwd, relay == null ? null : relay.dir(), request.command()))
            .directory(hostCwd.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(baseEnvironment(seenWorkspace));
        env.putAll(envVars);
        env.putAll(request.env());

        Duration timeout = request.timeout() == null ? Duration.ofSeconds(60) : request.timeout();
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SandboxException(Kind.UNAVAILABLE, "cannot start the command: " + e.getClass().getSimpleName());
        }
        running.add(process);
        Path marker = SandboxState.recordProcess(dir, process.toHandle());
        BoundedCapture out = new BoundedCapture(process.getInputStream(), request.maxOutputBytes());
        BoundedCapture err = new BoundedCapture(process.getErrorStream(), request.maxOutputBytes());
        Thread outThread = daemon(out, "sandbox-" + id + "-stdout");
        Thread errThread = daemon(err, "sandbox-" + id + "-stderr");
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                ProcessTree.kill(process.toHandle());
            }
            outThread.join(DRAIN_GRACE_MS);
            errThread.join(DRAIN_GRACE_MS);
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            Thread.currentThread().interrupt();
            throw new SandboxException(Kind.TIMEOUT, "interrupted while the command ran");
        } finally {
            running.remove(process);
            if (process.isAlive()) {
                ProcessTree.kill(process.toHandle());
            }
            closeQuietly(process);
            if (marker != null) {
                try {
                    Files.deleteIfExists(marker);
                } catch (IOException ignored) {
                    // the directory goes with the sandbox
                }
            }
        }
        if (closed) {
            throw new SandboxException(Kind.NOT_FOUND, "the sandbox was killed while the command ran");
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        return new ExecResult(timedOut ? -1 : process.exitValue(), out.bytes(), err.bytes(), durationMs, timedOut,
            out.truncated() || err.truncated());
    }

    @Override
    public void upload(String path, byte[] content) {
        ensureOpen();
        workspace.write(path, content);
    }

    @Override
    public byte[] download(String path, long maxBytes) {
        ensureOpen();
        return workspace.read(path, maxBytes);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            SandboxState.forget(dir);
            for (Process process : running) {
                ProcessTree.kill(process.toHandle());
            }
            Workspace.deleteTree(dir);
        } catch (RuntimeException e) {
            // close never throws: the reaper retries what is left on disk
        } finally {
            if (relay != null) {
                relay.close(); // never throws
            }
            onClose.accept(this);
        }
    }

    /** Drops the relay of an attached object that lost a race (another object is the live one). */
    void closeRelayOnly() {
        if (relay != null) {
            relay.close();
        }
    }

    /** The egress relay's directory, null without one. */
    Path relayDir() {
        return relay == null ? null : relay.dir();
    }

    boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new SandboxException(Kind.NOT_FOUND, "sandbox " + id + " does not exist any more");
        }
    }

    private static Map<String, String> baseEnvironment(String workspace) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", workspace);
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", "/tmp");
        return env;
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
            process.getErrorStream().close();
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
