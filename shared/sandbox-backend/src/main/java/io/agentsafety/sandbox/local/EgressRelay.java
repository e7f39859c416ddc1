package io.agentsafety.sandbox.local;

import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxException.Kind;
import io.agentsafety.sandbox.e2b.EgressRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host half of a local sandbox's egress: the sandbox has its own empty network namespace, and each allowed
 * {@link EgressRoutes.Route} is a Unix socket in a private directory (bound read-only into the sandbox at
 * {@link #INSIDE}) on which this relay accepts and connects to that route's destination only. The
 * in-sandbox forwarder ({@code egress-forwarder.py}) listens on the route's loopback address and port and carries
 * each connection here. So the allowlist is enforced where connections are made: the sandbox can open no other
 * connection at all.
 *
 * <p>The destination is resolved here at each connection and the address checked before connecting (and that
 * very address used, so a DNS answer cannot change in between): a public name whose answer lies in an
 * always-denied range ({@link EgressRules#isAlwaysDenied}) is refused (a name pointed at the metadata service or
 * the host's loopback), a loopback route accepts loopback addresses only. A refused or failed destination closes
 * the sandbox's connection without a byte.
 *
 * <p>One relay per sandbox object, closed with it: listeners, open connections, threads and the directory go.
 */
final class EgressRelay implements AutoCloseable {

    /** Where the relay directory appears inside the sandbox. */
    static final String INSIDE = "/run/agent-safety-egress";
    static final String ROUTES_FILE = "routes";
    static final String HOSTS_FILE = "hosts";
    static final String FORWARDER = "egress-forwarder.py";
    private static final Logger LOG = LoggerFactory.getLogger(EgressRelay.class);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Unix socket paths are limited to 108 bytes. */
    private static final int MAX_SOCKET_PATH = 100;
    private static final byte[] FORWARDER_SCRIPT = loadForwarder();

    /** Name resolution (the JDK's; a test gives answers a real DNS would only give an attacker). */
    interface Resolver {
        InetAddress[] resolve(String host) throws IOException;
    }

    static final Resolver SYSTEM_RESOLVER = InetAddress::getAllByName;

    private final String sandboxId;
    private final Path dir;
    private final Resolver resolver;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private EgressRelay(String sandboxId, Path dir, Resolver resolver) {
        this.sandboxId = sandboxId;
        this.dir = dir;
        this.resolver = resolver;
    }

    /** Starts the relay of {@code routes} (not empty); the caller closes it. */
    static EgressRelay start(String sandboxId, EgressRoutes routes, Resolver resolver) {
        Path dir;
        try {
            dir = Files.createTempDirectory("sbx-net", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new SandboxException(Kind.UNAVAILABLE, "cannot create the sandbox's egress relay directory");
        }
        EgressRelay relay = new EgressRelay(sandboxId, dir, resolver);
        try {
            StringBuilder table = new StringBuilder();
            int n = 0;
            for (EgressRoutes.Route route : routes.routes()) {
                Path socket = dir.resolve(n + ".sock");
                if (socket.toString().length() > MAX_SOCKET_PATH) {
                    throw new SandboxException(Kind.UNAVAILABLE, "the temporary directory's path is too long for Unix sockets");
                }
                ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                relay.listeners.add(listener);
                listener.bind(UnixDomainSocketAddress.of(socket));
                table.append(route.insideAddress()).append(' ').append(route.port()).append(' ')
                    .append(INSIDE).append('/').append(n).append(".sock\n");
                int index = n;
                relay.daemon(() -> relay.accept(listener, route), "sandbox-egress-" + sandboxId + "-" + index);
                n++;
            }
            Files.writeString(dir.resolve(ROUTES_FILE), table, StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve(HOSTS_FILE), routes.hostsFile(), StandardCharsets.US_ASCII);
            Files.write(dir.resolve(FORWARDER), FORWARDER_SCRIPT);
        } catch (IOException | RuntimeException e) {
            relay.close();
            throw e instanceof SandboxException se ? se
                : new SandboxException(Kind.UNAVAILABLE, "cannot start the sandbox's egress relay: " + e.getClass().getSimpleName());
        }
        return relay;
    }

    Path dir() {
        return dir;
    }

    private void accept(ServerSocketChannel listener, EgressRoutes.Route route) {
        while (!closed) {
            SocketChannel inside;
            try {
                inside = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(inside);
            daemon(() -> carry(inside, route), "sandbox-egress-" + sandboxId + "-conn");
        }
    }

    private void carry(SocketChannel inside, EgressRoutes.Route route) {
        Socket outside = null;
        try {
            InetAddress target = permittedAddress(route);
            if (target == null || closed) {
                return;
            }
            outside = new Socket();
            open.add(outside);
            outside.connect(new InetSocketAddress(target, route.port()), CONNECT_TIMEOUT_MS);
            Socket out = outside;
            Thread back = daemon(() -> toSandbox(out, inside), "sandbox-egress-" + sandboxId + "-back");
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (inside.read(buffer) >= 0) {
                buffer.flip();
                out.getOutputStream().write(buffer.array(), 0, buffer.limit());
                buffer.clear();
            }
            out.shutdownOutput();
            back.join();
        } catch (IOException e) {
            // the destination refused or a side went away: the sandbox sees its connection end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(inside);
            closeQuietly(outside);
            open.remove(inside);
            if (outside != null) {
                open.remove(outside);
            }
        }
    }

    private static void toSandbox(Socket outside, SocketChannel inside) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = outside.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    inside.write(chunk);
                }
            }
            inside.shutdownOutput();
        } catch (IOException e) {
            // closed on either side
        }
    }

    /** The first resolved address this route may connect to, or null (logged) when none may be. */
    private InetAddress permittedAddress(EgressRoutes.Route route) {
        InetAddress[] answers;
        try {
            answers = resolver.resolve(route.host());
        } catch (IOException e) {
            LOG.info("sandbox {} egress to {}:{}: the name does not resolve", sandboxId, route.host(), route.port());
            return null;
        }
        for (InetAddress address : answers) {
            if (route.loopback() ? address.isLoopbackAddress() : !EgressRules.isAlwaysDenied(address)) {
                return address;
            }
        }
        LOG.warn("sandbox {} egress to {}:{} refused: it resolves to an internal address", sandboxId, route.host(), route.port());
        return null;
    }

    private Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Stops listening, cuts every open connection and deletes the directory. Idempotent, never throws. */
    @Override
    public void close() {
        closed = true;
        listeners.forEach(EgressRelay::closeQuietly);
        List.copyOf(open).forEach(EgressRelay::closeQuietly);
        open.clear();
        Workspace.deleteTree(dir);
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    private static byte[] loadForwarder() {
        try (InputStream in = EgressRelay.class.getResourceAsStream(FORWARDER)) {
            if (in == null) {
                throw new IllegalStateException(FORWARDER + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(FORWARDER + " is unreadable", e);
        }
    }
}
