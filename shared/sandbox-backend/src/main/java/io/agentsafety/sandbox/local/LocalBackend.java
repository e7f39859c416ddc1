package io.agentsafety.sandbox.local;

import io.agentsafety.core.Ids;
import io.agentsafety.sandbox.BackendHealth;
import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.Sandbox;
import io.agentsafety.sandbox.SandboxBackend;
import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxException.Kind;
import io.agentsafety.sandbox.SandboxInfo;
import io.agentsafety.sandbox.SandboxSpec;
import io.agentsafety.sandbox.e2b.E2bApiKey;
import io.agentsafety.sandbox.Reconnectable;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The backend when no E2B key is configured: each sandbox is a temporary workspace on this machine and each
 * command a fresh bubblewrap sandbox over it (see {@link Isolation}). Sandboxes are also described on disk
 * ({@link SandboxState}) so list/kill/setTimeout work across the JVMs of one machine, and a reaper kills any
 * sandbox past its lifetime, as E2B does server-side.
 *
 * <p>Network: every sandbox has its own empty network namespace (not even the host's loopback). Each allowlisted
 * host is reached through the sandbox's {@link EgressRelay}, which connects to that destination only
 * ({@link EgressRoutes} says which entries are supported).
 */
@Singleton
@Requires(condition = E2bApiKey.Absent.class)
public class LocalBackend implements SandboxBackend, Reconnectable {

    public static final String NAME = "local";
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final Path root;
    private final Isolation isolation;
    private final EgressRelay.Resolver resolver;
    private final Map<String, LocalSandbox> live = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;

    public LocalBackend(@Value("${safety.sandbox.local.root:}") String root,
                        @Value("${safety.sandbox.local.bwrap:}") String bwrap,
                        @Value("${safety.sandbox.local.reaper-interval:1s}") Duration reaperInterval) {
        this(root == null || root.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "agent-safety-sandboxes") : Path.of(root),
            "none".equals(bwrap) ? Isolation.none("bubblewrap disabled by configuration (safety.sandbox.local.bwrap=none): commands run UNISOLATED")
                : Isolation.detect(bwrap),
            reaperInterval);
    }

    LocalBackend(Path root, Isolation isolation, Duration reaperInterval) {
        this(root, isolation, reaperInterval, EgressRelay.SYSTEM_RESOLVER);
    }

    LocalBackend(Path root, Isolation isolation, Duration reaperInterval, EgressRelay.Resolver resolver) {
        this.resolver = resolver;
        this.root = root.toAbsolutePath().normalize();
        this.isolation = isolation;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new SandboxException(Kind.UNAVAILABLE, "cannot create the sandbox root " + this.root);
        }
        if (!isolation.isolated() && WARNED.compareAndSet(false, true)) {
            LOG.warn("SANDBOX NOT ISOLATED: {}. Install bubblewrap (apt-get install bubblewrap) before running untrusted code.",
                isolation.detail());
        }
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-sandbox-reaper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, reaperInterval.toMillis());
        reaper.scheduleWithFixedDelay(this::reapExpired, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return NAME;
    }

    public boolean isolated() {
        return isolation.isolated();
    }

    Path root() {
        return root;
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        if (spec.timeout() == null || spec.timeout().isNegative() || spec.timeout().isZero()) {
            throw new SandboxException(Kind.INVALID, "the sandbox timeout must be positive");
        }
        String id = Ids.newId("lsb");
        Path dir = root.resolve(id);
        Instant now = Instant.now();
        SandboxInfo info = new SandboxInfo(id, spec.template(), spec.metadata(), now, now.plus(spec.timeout()));
        try {
            Files.createDirectories(SandboxState.workspace(dir));
            SandboxState.write(dir, info);
            SandboxState.writeEgress(dir, spec.egress().allowOut());
        } catch (IOException | RuntimeException e) {
            Workspace.deleteTree(dir);
            throw new SandboxException(Kind.UNAVAILABLE, "cannot create the sandbox workspace: " + e.getClass().getSimpleName());
        }
        EgressRelay relay;
        try {
            relay = relayFor(id, spec.egress().allowOut());
        } catch (RuntimeException e) {
            SandboxState.forget(dir);
            Workspace.deleteTree(dir);
            throw e;
        }
        LocalSandbox sandbox = new LocalSandbox(id, dir, info, isolation, spec.envVars(), relay, closed -> live.remove(closed.id()));
        live.put(id, sandbox);
        LOG.info("sandbox {} created (isolated={}, egress={}, lifetime={}s)", id, isolation.isolated(),
            relay == null ? "none" : "relay", spec.timeout().toSeconds());
        return sandbox;
    }

    /**
     * The relay of the allowlisted destinations, null when there are none (an empty network namespace) or when
     * commands run unisolated (then the host network is used as is: nothing is isolated at all, health says so).
     */
    private EgressRelay relayFor(String id, List<String> allowOut) {
        EgressRoutes routes = EgressRoutes.of(new EgressPolicy(allowOut, List.of()));
        if (routes.isEmpty() || !isolation.isolated()) {
            return null;
        }
        Isolation.python(); // fails the create (UNAVAILABLE) rather than every command
        return EgressRelay.start(id, routes, resolver);
    }

    /**
     * A sandbox created earlier, possibly by another JVM of this machine (a later Step Functions invocation). Its
     * default environment is not kept on disk (it may hold secrets): callers pass it with each command.
     */
    @Override
    public Sandbox connect(String sandboxId) {
        LocalSandbox sandbox = live.get(sandboxId);
        if (sandbox != null && !sandbox.isClosed()) {
            return sandbox;
        }
        Path dir = dirOf(sandboxId);
        SandboxInfo info = dir == null ? null : SandboxState.read(dir).orElse(null);
        if (info == null || info.endAt().isBefore(Instant.now())) {
            throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " does not exist any more");
        }
        LocalSandbox attached = new LocalSandbox(sandboxId, dir, info, isolation, Map.of(),
            relayFor(sandboxId, SandboxState.readEgress(dir)), closed -> live.remove(closed.id()));
        LocalSandbox raced = live.putIfAbsent(sandboxId, attached);
        if (raced != null) {
            attached.closeRelayOnly();
            return raced;
        }
        return attached;
    }

    @Override
    public boolean kill(String sandboxId) {
        LocalSandbox sandbox = live.get(sandboxId);
        if (sandbox != null) {
            sandbox.close();
            LOG.info("sandbox {} killed", sandboxId);
            return true;
        }
        Path dir = dirOf(sandboxId);
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        SandboxState.forget(dir);
        SandboxState.killRecordedProcesses(dir);
        Workspace.deleteTree(dir);
        LOG.info("sandbox {} killed (created by another process)", sandboxId);
        return true;
    }

    @Override
    public void setTimeout(String sandboxId, Duration timeout) {
        Instant endAt = Instant.now().plus(timeout);
        LocalSandbox sandbox = live.get(sandboxId);
        if (sandbox != null) {
            sandbox.extend(endAt);
            return;
        }
        Path dir = dirOf(sandboxId);
        SandboxInfo info = dir == null ? null : SandboxState.read(dir).orElse(null);
        if (info == null) {
            throw new SandboxException(Kind.NOT_FOUND, "sandbox " + sandboxId + " does not exist any more");
        }
        SandboxState.write(dir, new SandboxInfo(info.sandboxId(), info.template(), info.metadata(), info.startedAt(), endAt));
    }

    @Override
    public List<SandboxInfo> list(Map<String, String> metadataFilter) {
        List<SandboxInfo> out = new ArrayList<>();
        for (Path dir : SandboxState.all(root)) {
            SandboxState.read(dir)
                .filter(info -> metadataFilter == null || info.metadata().entrySet().containsAll(metadataFilter.entrySet()))
                .ifPresent(out::add);
        }
        return out;
    }

    @Override
    public BackendHealth health() {
        boolean reachable;
        try {
            Process probe = new ProcessBuilder("/bin/true").start();
            reachable = probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0 && Files.isWritable(root);
        } catch (Exception e) {
            reachable = false;
        }
        String network = isolation.isolated()
            ? "network: an empty namespace; each allowlisted host name or loopback host:port is reachable through a relay "
              + "that connects to that destination only (wildcards, CIDRs and public IP literals are not supported locally)"
            : "network: the host's, unfiltered";
        return new BackendHealth(NAME, reachable, isolation.isolated(), isolation.detail() + "; " + network);
    }

    /**
     * Kills every sandbox past its lifetime (also those left by a crashed process), and lets go of sandboxes this
     * JVM attached that another one killed (their relays).
     */
    void reapExpired() {
        try {
            for (LocalSandbox sandbox : List.copyOf(live.values())) {
                if (!Files.isDirectory(sandbox.dir())) {
                    sandbox.close();
                }
            }
            Instant now = Instant.now();
            for (SandboxInfo info : list(Map.of())) {
                if (info.endAt().isBefore(now)) {
                    LOG.info("sandbox {} reached the end of its lifetime", info.sandboxId());
                    kill(info.sandboxId());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("sandbox reaper pass failed: {}", e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    public void shutdown() {
        reaper.shutdownNow();
        for (LocalSandbox sandbox : List.copyOf(live.values())) {
            sandbox.close();
        }
    }

    private Path dirOf(String sandboxId) {
        if (sandboxId == null || !sandboxId.matches("[a-z]{2,8}_[0-9a-z]{1,64}")) {
            return null;
        }
        return root.resolve(sandboxId);
    }
}
