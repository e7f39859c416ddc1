package io.agentsafety.policy.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network egress policy: may an agent reach this URL, or this host and port?
 *
 * <p>A URL is read twice, as a browser reads it (WHATWG URL Standard) and as curl/urllib read it (RFC 3986). It is
 * allowed only when the scheme is http/https, both readings reach the same host and port, that host is a
 * well-formed DNS name (never an IP literal, loopback or metadata name) matched by an allowlist entry, and the
 * entry allows the port. Anything else, including any exception while parsing, is a denial with the rules that
 * explain it. Decisions are static: no DNS lookups, so DNS rebinding (an allowlisted name resolving to a private
 * address) must be stopped by the egress proxy.
 *
 * <p>Immutable and thread-safe.
 */
public final class NetworkPolicy {

    /** URLs longer than this are refused outright: no legitimate fetch needs them and they bound the work. */
    static final int MAX_URL_LENGTH = 32 * 1024;

    private final List<AllowlistEntry> entries;

    private NetworkPolicy(List<AllowlistEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Builds the policy from the comma-separated configuration value ({@code safety.policy.network.allowlist},
     * env SAFETY_POLICY_NETWORK_ALLOWLIST). Blank items are ignored; null or blank allows nothing.
     *
     * @throws IllegalArgumentException naming the first invalid entry and why it is invalid
     */
    public static NetworkPolicy fromAllowlist(String commaSeparated) {
        return fromAllowlist(commaSeparated == null ? List.of() : Arrays.asList(commaSeparated.split(",", -1)));
    }

    /** Same as {@link #fromAllowlist(String)} for an already split list (e.g. a YAML list). */
    public static NetworkPolicy fromAllowlist(List<String> entries) {
        Set<AllowlistEntry> parsed = new LinkedHashSet<>();
        for (String raw : entries) {
            if (raw != null && !raw.isBlank()) {
                parsed.add(AllowlistEntry.parse(raw));
            }
        }
        return new NetworkPolicy(new ArrayList<>(parsed));
    }

    /** The normalized entries ("github.com", "*.github.com", "example.com:8443"), for GET /policy. */
    public List<String> allowlist() {
        return entries.stream().map(AllowlistEntry::describe).toList();
    }

    /** Assesses a URL an agent wants to fetch. Fails closed: any unexpected error is a denial. */
    public NetworkAssessment assessUrl(String url) {
        try {
            return assessUrlUnchecked(url);
        } catch (RuntimeException | StackOverflowError e) {
            return denied(null, null, null, List.of(NetworkRule.MALFORMED.deny(null,
                    "the URL could not be analysed (" + e.getClass().getSimpleName() + ")")));
        }
    }

    /**
     * Assesses a host and port without a URL (port null = unspecified, which unpinned entries allow). The host may
     * be a name, an IPv4 literal in any notation, or an IPv6 literal with or without brackets.
     */
    public NetworkAssessment assessHostPort(String host, Integer port) {
        try {
            if (host == null || host.isBlank()) {
                return denied(null, port, null, List.of(NetworkRule.MALFORMED.deny(null, "the host is empty")));
            }
            if (port != null && (port < 0 || port > 65535)) {
                return denied(null, null, null, List.of(NetworkRule.MALFORMED.deny(null, "the port is out of range (0-65535)")));
            }
            String text = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            Host parsed;
            try {
                parsed = WhatwgHostParser.parse(text);
            } catch (HostParseException e) {
                return denied(null, port, null, List.of(e.rule().deny(null, e.getMessage())));
            }
            return decide(parsed, port, null, hostDenials(parsed, null, port));
        } catch (RuntimeException | StackOverflowError e) {
            return denied(null, null, null, List.of(NetworkRule.MALFORMED.deny(null,
                    "the host could not be analysed (" + e.getClass().getSimpleName() + ")")));
        }
    }

    private NetworkAssessment assessUrlUnchecked(String url) {
        if (url == null || url.isBlank()) {
            return denied(null, null, null, List.of(NetworkRule.MALFORMED.deny(null, "the URL is empty")));
        }
        if (url.length() > MAX_URL_LENGTH) {
            return denied(null, null, null, List.of(NetworkRule.MALFORMED.deny(null,
                    "the URL is longer than " + MAX_URL_LENGTH + " characters")));
        }
        ParsedUrl whatwg;
        try {
            whatwg = WhatwgUrlParser.parse(url);
        } catch (HostParseException e) {
            return denied(null, null, null, List.of(e.rule().deny(null, e.getMessage())));
        }
        if (whatwg.host() == null) {
            String scheme = Evidence.clean(whatwg.scheme());
            return denied(null, null, whatwg.scheme(), List.of(NetworkRule.SCHEME.deny(scheme + ":",
                    "scheme '" + scheme + "' is not allowed; only http and https are")));
        }
        Map<String, Denial> denials = new LinkedHashMap<>();
        hostDenials(whatwg.host(), whatwg.scheme(), whatwg.port()).forEach(d -> denials.putIfAbsent(d.key(), d));
        if (whatwg.atSigns() > 1) {
            Denial d = NetworkRule.USERINFO.deny(whatwg.host().serialize(),
                    "the authority has several '@'; parsers disagree on where the userinfo ends");
            denials.putIfAbsent(d.key(), d);
        }
        compareWithRfc3986(url, whatwg).forEach(d -> denials.putIfAbsent(d.key(), d));
        return decide(whatwg.host(), whatwg.port(), whatwg.scheme(), new ArrayList<>(denials.values()));
    }

    /** The second reading: any difference in where the URL leads is a denial, plus whatever that destination is. */
    private List<Denial> compareWithRfc3986(String url, ParsedUrl whatwg) {
        String whatwgHost = whatwg.host().serialize();
        ParsedUrl rfc;
        try {
            rfc = Rfc3986UrlParser.parse(url);
        } catch (HostParseException e) {
            if (e.rule() == NetworkRule.USERINFO) {
                return List.of(NetworkRule.USERINFO.deny(whatwgHost, e.getMessage()));
            }
            return List.of(NetworkRule.PARSER_DISAGREEMENT.deny(whatwgHost, "WHATWG (browsers) reads host '" + whatwgHost
                    + "' but RFC 3986 (curl, urllib) finds no valid host: " + e.getMessage()));
        }
        if (rfc.host() != null && sameDestination(whatwg, rfc)) {
            return List.of();
        }
        String rfcDestination = rfc.host() == null ? "scheme " + Evidence.clean(rfc.scheme())
                : rfc.host().serialize() + ":" + rfc.port();
        List<Denial> found = new ArrayList<>();
        found.add(NetworkRule.PARSER_DISAGREEMENT.deny(rfcDestination, "WHATWG (browsers) reads '" + whatwgHost + ":"
                + whatwg.port() + "' but RFC 3986 (curl, urllib) reads '" + rfcDestination + "'"));
        if (rfc.host() != null) {
            found.addAll(hostDenials(rfc.host(), rfc.scheme(), rfc.port()));
        }
        return found;
    }

    private static boolean sameDestination(ParsedUrl a, ParsedUrl b) {
        return a.scheme().equals(b.scheme()) && a.port().equals(b.port()) && canonical(a.host()).equals(canonical(b.host()));
    }

    private static Object canonical(Host host) {
        return host instanceof Host.Domain d ? d.withoutRootDot() : host;
    }

    /** Why this host (and port) is denied; empty when it is allowlisted. */
    private List<Denial> hostDenials(Host host, String scheme, Integer port) {
        if (!(host instanceof Host.Domain domain)) {
            List<Denial> found = new ArrayList<>();
            for (AddressClassifier.Finding f : AddressClassifier.classify(host)) {
                found.add(f.rule().deny(host.serialize(), f.explanation()));
            }
            if (found.isEmpty()) {
                found.add(NetworkRule.IP_LITERAL.deny(host.serialize(), "'" + host.serialize()
                        + "' is an IP literal; IP literals never match the allowlist, which names hosts"));
            }
            return found;
        }
        String name = domain.withoutRootDot();
        String problem = HostNames.syntaxProblem(name);
        if (problem != null) {
            return List.of(NetworkRule.MALFORMED.deny(Evidence.clean(name), problem));
        }
        NetworkRule reserved = HostNames.reservedRule(name);
        if (reserved != null) {
            return List.of(reserved.deny(name, "'" + name + "' is a "
                    + (reserved == NetworkRule.LOOPBACK ? "loopback" : "cloud metadata") + " name and is always denied"));
        }
        List<AllowlistEntry> hostEntries = entries.stream().filter(e -> e.matchesHost(name)).toList();
        if (hostEntries.isEmpty()) {
            return List.of(NetworkRule.NOT_ALLOWLISTED.deny(name, "host '" + name + "' matches no allowlist entry"));
        }
        if (hostEntries.stream().noneMatch(e -> e.allowsPort(scheme, port))) {
            String allowing = String.join(", ", hostEntries.stream().map(AllowlistEntry::describe).toList());
            return List.of(NetworkRule.PORT.deny(name + ":" + port, "port " + port + " of host '" + name
                    + "' is not allowed by " + allowing + " (an entry without a port allows only the scheme's default port)"));
        }
        return List.of();
    }

    private NetworkAssessment decide(Host host, Integer port, String scheme, List<Denial> denials) {
        String shown = host.serialize();
        if (denials.isEmpty()) {
            Host.Domain domain = (Host.Domain) host; // only names are ever allowed
            String entry = entries.stream().filter(e -> e.matchesHost(domain.withoutRootDot()) && e.allowsPort(scheme, port))
                    .map(AllowlistEntry::describe).findFirst().orElseThrow();
            return new NetworkAssessment(true, shown, port, scheme, List.of(), "network access allowed: host '" + shown + "'"
                    + (port == null ? "" : " port " + port) + " is allowlisted by entry '" + entry + "'");
        }
        return denied(shown, port, scheme, denials);
    }

    private static NetworkAssessment denied(String host, Integer port, String scheme, List<Denial> denials) {
        StringBuilder reason = new StringBuilder("network access denied: ");
        for (int i = 0; i < denials.size(); i++) {
            reason.append(i == 0 ? "" : "; ").append(denials.get(i).detail());
        }
        return new NetworkAssessment(false, host, port, scheme, denials.stream().map(Denial::toRuleMatch).toList(),
                reason.toString());
    }

    @Override
    public String toString() {
        return "NetworkPolicy" + allowlist();
    }
}
