package io.agentsafety.testing.e2b;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A faithful local E2B (protocol §9): the control plane and envd on one loopback listener (the client
 * points both {@code E2B_API_URL} and {@code E2B_SANDBOX_URL} at it; envd requests are routed by
 * {@code E2b-Sandbox-Id} or by the {@code 49983-<id>.<domain>} host). Commands run for real with the
 * requested {@code /bin/bash -l -c}, in a temporary directory per sandbox; a kill or the TTL kills every
 * process tree and cuts open streams. Every call is recorded (secrets masked) and the failures of §9.3 can
 * be scripted through {@link #faults()}.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} on purpose: it shares nothing with the Micronaut/Netty
 * client under test, so a bug in one cannot hide the same bug in the other.
 */
public final class E2bStandIn implements AutoCloseable {

    public static final String DEFAULT_API_KEY = "e2b_standin_0123456789abcdef";
    static final int ENVD_PORT = 49983;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> SECRET_HEADERS = Set.of("x-api-key", "x-access-token", "authorization");

    private final HttpServer server;
    private final ExecutorService workers;
    final ScheduledExecutorService timers;
    final Set<String> apiKeys = ConcurrentHashMap.newKeySet();
    final Map<String, StandInSandbox> sandboxes = new ConcurrentHashMap<>();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final Faults faults = new Faults();
    private final ControlPlaneRoutes controlPlane = new ControlPlaneRoutes(this);
    private final EnvdRoutes envd = new EnvdRoutes(this);

    private E2bStandIn(int port, Set<String> keys) throws IOException {
        apiKeys.addAll(keys);
        workers = Executors.newCachedThreadPool(r -> daemon(r, "e2b-standin-http"));
        timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "e2b-standin-ttl"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(workers);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** Starts on a free loopback port accepting {@link #DEFAULT_API_KEY}. */
    public static E2bStandIn start() {
        return start(0, Set.of(DEFAULT_API_KEY));
    }

    public static E2bStandIn start(int port, Set<String> apiKeys) {
        try {
            return new E2bStandIn(port, apiKeys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The value for {@code E2B_API_URL} and {@code E2B_SANDBOX_URL}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public Faults faults() {
        return faults;
    }

    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public List<RecordedCall> calls(Predicate<RecordedCall> filter) {
        return calls.stream().filter(filter).toList();
    }

    public long count(String method, String path) {
        return calls.stream().filter(c -> c.is(method, path)).count();
    }

    public void clearCalls() {
        calls.clear();
    }

    public boolean exists(String sandboxId) {
        StandInSandbox sandbox = sandboxes.get(sandboxId);
        return sandbox != null && !sandbox.gone;
    }

    public Set<String> sandboxIds() {
        return Set.copyOf(sandboxes.keySet());
    }

    /** When the sandbox expires (the TTL the client last set). */
    public Optional<Instant> endAt(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId)).map(s -> s.endAt);
    }

    /** True while the process started with that pid, or any descendant, is alive. */
    public boolean processTreeAlive(long pid) {
        for (StandInSandbox sandbox : sandboxes.values()) {
            StandInProcess process = sandbox.processes.get(pid);
            if (process != null) {
                return process.treeAlive();
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Pids of processes started in a sandbox (in start order is not guaranteed). */
    public Set<Long> pids(String sandboxId) {
        StandInSandbox sandbox = sandboxes.get(sandboxId);
        return sandbox == null ? Set.of() : Set.copyOf(sandbox.processes.keySet());
    }

    /** Kills a sandbox as E2B would on expiry (no API call recorded). */
    public void expire(String sandboxId) {
        StandInSandbox sandbox = sandboxes.remove(sandboxId);
        if (sandbox != null) {
            sandbox.destroy();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        for (String id : List.copyOf(sandboxes.keySet())) {
            expire(id);
        }
        timers.shutdownNow();
        workers.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        record(exchange, body);
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/sandboxes") || path.startsWith("/v2/sandboxes")) {
            controlPlane.handle(exchange, body);
        } else {
            envd.handle(exchange, body);
        }
    }

    private void record(HttpExchange exchange, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name,
            SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? List.of("[present]") : List.copyOf(values)));
        calls.add(new RecordedCall(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(), headers, body.length <= 65536 ? body : new byte[0]));
    }

    static String newSandboxId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder("i");
        for (int i = 0; i < 20; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    void scheduleExpiry(StandInSandbox sandbox) {
        if (sandbox.expiry != null) {
            sandbox.expiry.cancel(false);
        }
        long delayMs = Math.max(0, sandbox.endAt.toEpochMilli() - System.currentTimeMillis());
        sandbox.expiry = timers.schedule(() -> expire(sandbox.id), delayMs, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Runs the stand-in until stopped, for the local runner: {@code java -cp … io.agentsafety.testing.e2b.E2bStandIn
     * [port] [api-key]}; then {@code E2B_API_KEY=<key> E2B_API_URL=http://127.0.0.1:<port>
     * E2B_SANDBOX_URL=http://127.0.0.1:<port>}.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String key = args.length > 1 ? args[1] : DEFAULT_API_KEY;
        List<String> keys = new ArrayList<>(List.of(key));
        E2bStandIn standIn = start(port, Set.copyOf(keys));
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close, "e2b-standin-stop"));
        System.out.println("E2B stand-in listening on " + standIn.url());
        System.out.println("  export E2B_API_URL=" + standIn.url() + " E2B_SANDBOX_URL=" + standIn.url()
            + " E2B_API_KEY=<the key given as second argument, default " + DEFAULT_API_KEY + ">");
        Thread.currentThread().join();
    }
}
