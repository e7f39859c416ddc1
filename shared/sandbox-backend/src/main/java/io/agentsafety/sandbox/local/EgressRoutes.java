package io.agentsafety.sandbox.local;

import io.agentsafety.sandbox.EgressPolicy;
import io.agentsafety.sandbox.e2b.EgressRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a local sandbox may connect to, derived from its {@link EgressPolicy}: one {@link Route} per allowlisted
 * host and port. Inside the sandbox each host name gets its own loopback address {@code 127.0.0.N} (through the
 * sandbox's generated {@code /etc/hosts}); a loopback literal ({@code 127.0.0.1:8080}) and {@code localhost}
 * keep their own address. Supported entries, and why the others are not:
 * <ul>
 *   <li>{@code name[:port]} — a public host name (the E2B filter: not internal, not single-label); without a
 *       port, 80 and 443;</li>
 *   <li>{@code localhost:port}, {@code 127.x.y.z:port} — a service on the host's loopback, only with a port
 *       (the operator allowed exactly that one);</li>
 *   <li>not supported, so unreachable (fail closed, with a warning): {@code *} and {@code *.domain} (each name
 *       needs its own answer and there is no DNS inside), CIDRs and public IP literals (an address that is not
 *       the sandbox's own cannot be bound or routed in an unprivileged network namespace), IPv6 literals, and
 *       every internal range or name (always denied, as for E2B).</li>
 * </ul>
 */
final class EgressRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(EgressRoutes.class);
    /** Bounds the relay's listeners (and threads) per sandbox. */
    static final int MAX_ROUTES = 64;
    private static final Pattern HOST_PORT = Pattern.compile("^([a-z0-9.*-]+)(?::(\\d{1,5}))?$");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("^127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$");
    private static final List<Integer> DEFAULT_PORTS = List.of(80, 443);

    /**
     * One allowed destination.
     *
     * @param insideAddress the loopback address the sandbox connects to
     * @param port          the port, the same inside and at the destination
     * @param host          the destination as the host resolves it
     * @param loopback      the destination is the host's loopback (then only loopback addresses are accepted;
     *                      otherwise every always-denied range is refused)
     */
    record Route(String insideAddress, int port, String host, boolean loopback) {
    }

    private final List<Route> routes;
    /** Host name → its loopback address inside (for /etc/hosts). */
    private final Map<String, String> names;

    private EgressRoutes(List<Route> routes, Map<String, String> names) {
        this.routes = List.copyOf(routes);
        this.names = Map.copyOf(names);
    }

    static EgressRoutes of(EgressPolicy egress) {
        Map<String, Route> byInside = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        int nextAddress = 2;
        for (String raw : egress.allowOut()) {
            String entry = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            Matcher m = HOST_PORT.matcher(entry);
            Integer port = m.matches() && m.group(2) != null ? Integer.valueOf(m.group(2)) : null;
            if (!m.matches() || (port != null && (port < 1 || port > 65535))) {
                unsupported(entry, "not a host name or loopback address with an optional port");
                continue;
            }
            String host = m.group(1);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            String inside;
            boolean loopback;
            if (host.equals("localhost") || LOOPBACK_V4.matcher(host).matches()) {
                if (port == null) {
                    unsupported(entry, "a loopback destination needs its port");
                    continue;
                }
                inside = host.equals("localhost") ? "127.0.0.1" : host;
                loopback = true;
            } else if (host.contains("*")) {
                unsupported(entry, "wildcards need a DNS answer per name; list the names");
                continue;
            } else if (EgressRules.allowable(host) == null || host.matches("^[0-9.]+$")) {
                unsupported(entry, "internal, single-label or an IP literal");
                continue;
            } else {
                String known = names.get(host);
                if (known == null) {
                    if (nextAddress > 254) {
                        unsupported(entry, "too many host names");
                        continue;
                    }
                    known = "127.0.0." + nextAddress++;
                    names.put(host, known);
                }
                inside = known;
                loopback = false;
            }
            for (int p : port == null ? DEFAULT_PORTS : List.of(port)) {
                if (byInside.size() >= MAX_ROUTES) {
                    unsupported(entry, "more than " + MAX_ROUTES + " destinations");
                    break;
                }
                byInside.putIfAbsent(inside + ":" + p, new Route(inside, p, host, loopback));
            }
        }
        return new EgressRoutes(new ArrayList<>(byInside.values()), names);
    }

    List<Route> routes() {
        return routes;
    }

    boolean isEmpty() {
        return routes.isEmpty();
    }

    /** The sandbox's /etc/hosts: localhost and each allowlisted name on its loopback address. */
    String hostsFile() {
        StringBuilder out = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        names.forEach((name, address) -> out.append(address).append('\t').append(name).append('\n'));
        return out.toString();
    }

    private static void unsupported(String entry, String why) {
        LOG.warn("egress allow entry '{}' is not reachable from a local sandbox ({}): denied",
            entry.length() <= 100 ? entry : entry.substring(0, 100) + "…", why);
    }
}
