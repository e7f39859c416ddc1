package io.agentsafety.functions.sandbox;

import io.agentsafety.sandbox.BackendHealth;
import io.agentsafety.sandbox.ExecRequest;
import io.agentsafety.sandbox.ExecResult;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxBackend;
import io.agentsafety.sandbox.SandboxInfo;
import io.agentsafety.sandbox.SandboxSpec;
import io.agentsafety.sandbox.Reconnectable;
import io.agentsafety.sandbox.local.LocalBackend;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real local backend, with every call recorded so tests can assert what reached it: no create for a refused
 * request, a kill (close) on every path. Replaces the local backend bean in this module's tests.
 */
@Singleton
@Replaces(LocalBackend.class)
public class RecordingBackend implements SandboxBackend, Reconnectable {

    final LocalBackend real;
    final List<SandboxSpec> creates = new CopyOnWriteArrayList<>();
    final List<String> closes = new CopyOnWriteArrayList<>();
    final List<String> kills = new CopyOnWriteArrayList<>();
    final List<String> commands = new CopyOnWriteArrayList<>();

    public RecordingBackend(@Value("${safety.sandbox.local.root:}") String root) {
        this.real = new LocalBackend(root, "", Duration.ofMillis(500));
    }

    void reset() {
        creates.clear();
        closes.clear();
        kills.clear();
        commands.clear();
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        creates.add(spec);
        return new Recorded(real.create(spec));
    }

    @Override
    public Sandbox connect(String sandboxId) {
        return new Recorded(real.connect(sandboxId));
    }

    @Override
    public boolean kill(String sandboxId) {
        kills.add(sandboxId);
        return real.kill(sandboxId);
    }

    @Override
    public void setTimeout(String sandboxId, Duration timeout) {
        real.setTimeout(sandboxId, timeout);
    }

    @Override
    public List<SandboxInfo> list(Map<String, String> metadataFilter) {
        return real.list(metadataFilter);
    }

    @Override
    public BackendHealth health() {
        return real.health();
    }

    @PreDestroy
    void stop() {
        real.shutdown();
    }

    private final class Recorded implements Sandbox {
        private final Sandbox sandbox;

        Recorded(Sandbox sandbox) {
            this.sandbox = sandbox;
        }

        @Override
        public String id() {
            return sandbox.id();
        }

        @Override
        public ExecResult run(ExecRequest request) {
            commands.add(request.command());
            return sandbox.run(request);
        }

        @Override
        public void upload(String path, byte[] content) {
            sandbox.upload(path, content);
        }

        @Override
        public byte[] download(String path, long maxBytes) {
            return sandbox.download(path, maxBytes);
        }

        @Override
        public void close() {
            closes.add(sandbox.id());
            sandbox.close();
        }
    }
}
