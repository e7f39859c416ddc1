package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** One E2B sandbox: commands and files through its envd, {@link #close()} = kill through the control plane. */
final class E2bSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(E2bSandbox.class);

    private final String id;
    private final ControlPlane controlPlane;
    private final EnvdClient envd;
    private final Duration deadlineMargin;
    private final EnvdFiles files;
    private final AtomicBoolean closed = new AtomicBoolean();

    E2bSandbox(String id, ControlPlane controlPlane, EnvdClient envd, Duration deadlineMargin, long maxUploadBytes) {
        this.id = id;
        this.controlPlane = controlPlane;
        this.envd = envd;
        this.deadlineMargin = deadlineMargin;
        this.files = new EnvdFiles(envd, maxUploadBytes);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ExecResult run(ExecRequest request) {
        open();
        return new CommandRun(envd, deadlineMargin).run(request);
    }

    @Override
    public void upload(String path, byte[] content) {
        open();
        files.upload(path, content);
    }

    @Override
    public byte[] download(String path, long maxBytes) {
        open();
        return files.download(path, maxBytes);
    }

    /** Kills the sandbox once; a sandbox already gone is fine; a failure is logged (the TTL and the sweeper remain). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            controlPlane.kill(id);
        } catch (RuntimeException e) {
            LOG.warn("could not kill E2B sandbox {} (its TTL and the sweeper will): {}", id, e.getMessage());
        }
    }

    private void open() {
        if (closed.get()) {
            throw new SandboxException(SandboxException.Kind.NOT_FOUND, "sandbox " + id + " was closed");
        }
    }

    @Override
    public String toString() {
        return "E2bSandbox[" + id + "]";
    }
}
