package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.EgressPolicy;
import io.micronaut.json.tree.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link EgressPolicy} into the create body's {@code network} (and {@code allow_internet_access}),
 * so egress is enforced by E2B where connections are made:
 * <ul>
 *   <li>{@code denyOut} always holds the ranges of {@code always-denied-egress.txt} (internal, link-local,
 *       metadata), plus the policy's own denies, plus {@code 0.0.0.0/0} unless everything public is allowed;</li>
 *   <li>{@code allowOut} holds the policy's hosts, IPs and CIDRs, minus any that is internal (E2B lets
 *       allowOut win over denyOut) — dropped with a warning, never widened; a {@code host:port} loses its
 *       port (E2B filters by address/host name only; the policy gate still judges the port in commands);
 *       {@code *} or {@code 0.0.0.0/0} means "every public destination" and is expressed by not denying
 *       {@code 0.0.0.0/0};</li>
 *   <li>{@code allow_internet_access:false} when nothing at all is allowed.</li>
 * </ul>
 */
public final class EgressRules {

    private static final Logger LOG = LoggerFactory.getLogger(EgressRules.class);
    static final List<String> ALWAYS_DENIED = load();
    private static final List<Cidr> ALWAYS_DENIED_CIDRS = ALWAYS_DENIED.stream().map(Cidr::parse).toList();
    private static final Set<String> INTERNAL_NAMES = Set.of("localhost", "metadata", "metadata.google.internal",
        "instance-data", "instance-data.ec2.internal");

    private EgressRules() {
    }

    /** Writes {@code network} (and {@code allow_internet_access} when nothing is allowed) into a create body. */
    static void apply(EgressPolicy egress, Map<String, JsonNode> createBody) {
        List<String> allow = new ArrayList<>();
        boolean allPublic = false;
        for (String entry : egress.allowOut()) {
            String e = entry == null ? "" : entry.strip().toLowerCase(Locale.ROOT);
            if (e.equals("*") || e.equals("0.0.0.0/0")) {
                allPublic = true;
            } else if (!e.isEmpty()) {
                String allowed = allowable(e);
                if (allowed == null) {
                    LOG.warn("egress allow entry '{}' is internal or malformed: not sent to E2B (denied)", clip(e));
                } else {
                    allow.add(allowed);
                }
            }
        }
        Set<String> deny = new LinkedHashSet<>(ALWAYS_DENIED);
        deny.addAll(egress.denyOut());
        if (!allPublic) {
            deny.add("0.0.0.0/0");
        }
        Map<String, JsonNode> network = new LinkedHashMap<>();
        network.put("allowOut", E2bJson.strings(new LinkedHashSet<>(allow)));
        network.put("denyOut", E2bJson.strings(deny));
        createBody.put("network", JsonNode.createObjectNode(network));
        if (allow.isEmpty() && !allPublic) {
            createBody.put("allow_internet_access", JsonNode.createBooleanNode(false));
        }
    }

    /**
     * Whether an address lies in one of the always-denied ranges (internal, link-local, metadata). Also used by
     * the local backend's egress relay on every address it is about to connect to.
     */
    public static boolean isAlwaysDenied(java.net.InetAddress address) {
        String literal = address.getHostAddress();
        int scope = literal.indexOf('%');
        Cidr one = Cidr.parse(scope < 0 ? literal : literal.substring(0, scope));
        if (one == null) {
            return true;
        }
        for (Cidr denied : ALWAYS_DENIED_CIDRS) {
            if (denied.overlaps(one)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The form sent as allowOut, or null when the entry must not be allowed (internal name or range, malformed).
     * Lower-case input; a host name comes back without its port. Also the local backend's filter of host names.
     */
    public static String allowable(String entry) {
        Cidr cidr = Cidr.parse(entry);
        if (cidr != null) {
            for (Cidr denied : ALWAYS_DENIED_CIDRS) {
                if (denied.overlaps(cidr)) {
                    return null;
                }
            }
            if (cidr.prefix() == 0) {
                return null;
            }
            return entry;
        }
        String host = stripPort(entry);
        if (host == null || !host.matches("^(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?$")) {
            return null;
        }
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (INTERNAL_NAMES.contains(bare) || bare.endsWith(".localhost") || bare.endsWith(".internal")
            || bare.endsWith(".local") || !bare.contains(".") || bare.matches("^[0-9.]+$")) {
            return null;
        }
        Cidr numeric = Cidr.parse(bare.replace("*.", ""));
        return numeric == null ? bare : null;
    }

    private static String stripPort(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon < 0) {
            return entry;
        }
        String port = entry.substring(colon + 1);
        return port.matches("^\\d{1,5}$") ? entry.substring(0, colon) : null;
    }

    private static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }

    private static List<String> load() {
        try (InputStream in = EgressRules.class.getResourceAsStream("always-denied-egress.txt")) {
            if (in == null) {
                throw new IllegalStateException("always-denied-egress.txt is missing");
            }
            List<String> ranges = new ArrayList<>();
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
                String range = line.replaceAll("#.*$", "").strip();
                if (!range.isEmpty()) {
                    if (Cidr.parse(range) == null) {
                        throw new IllegalStateException("always-denied-egress.txt: not a CIDR: " + range);
                    }
                    ranges.add(range);
                }
            }
            return List.copyOf(ranges);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
