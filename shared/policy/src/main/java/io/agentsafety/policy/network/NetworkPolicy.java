package io.agentsafety.policy.network;

import io.agentsafety.policy.RuleMatch;
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
            return deny(null, null, null, List.of(NetworkRule.MALFORMED.deny(null)),
                    "network access denied: the URL could not be analysed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Assesses a host and port without a URL (port null = unspecified, which unpinned entries allow). The host may
     * be a name, an IPv4 literal in any notation, or an IPv6 literal with or without brackets.
     */
    public NetworkAssessment assessHostPort(String host, Integer port) {
        try {
            if (host == null || host.isBlank()) {
                return deny(null, port, null, List.of(NetworkRule.MALFORMED.deny(null)), "network access denied: the host is empty");
            }
            if (port != null && (port < 0 || port > 65535)) {
                return deny(null, null, null, List.of(NetworkRule.MALFORMED.deny(null)),
                        "network access denied: the port is out of range (0-65535)");
            }
            String text = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            Host parsed;
            try {
                parsed = WhatwgHostParser.parse(text);
            } catch (HostParseException e) {
                return deny(null, port, null, List.of(e.rule().deny(null)), "network access denied: " + e.getMessage());
            }
            return decide(parsed, port, null, hostMatches(parsed, null, port));
        } catch (RuntimeException | StackOverflowError e) {
            return deny(null, null, null, List.of(NetworkRule.MALFORMED.deny(null)),
                    "network access denied: the host could not be analysed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private NetworkAssessment assessUrlUnchecked(String url) {
        if (url == null || url.isBlank()) {
            return deny(null, null, null, List.of(NetworkRule.MALFORMED.deny(null)), "network access denied: the URL is empty");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return deny(null, null, null, List.of(NetworkRule.MALFORMED.deny(null)),
                    "network access denied: the URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        ParsedUrl whatwg;
        try {
            whatwg = WhatwgUrlParser.parse(url);
        } catch (HostParseException e) {
            return deny(null, null, null, List.of(e.rule().deny(null)), "network access denied: " + e.getMessage());
        }
        if (whatwg.host() == null) {
            String scheme = Evidence.clean(whatwg.scheme());
            return deny(null, null, whatwg.scheme(), List.of(NetworkRule.SCHEME.deny(scheme + ":")),
                    "network access denied: scheme '" + scheme + "' is not allowed; only http and https are");
        }
        Map<String, RuleMatch> matches = new LinkedHashMap<>();
        hostMatches(whatwg.host(), whatwg.scheme(), whatwg.port()).forEach(m -> matches.putIfAbsent(key(m), m));
        if (whatwg.atSigns() > 1) {
            RuleMatch m = NetworkRule.USERINFO.deny(whatwg.host().serialize());
            matches.putIfAbsent(key(m), m);
        }
        for (RuleMatch m : compareWithRfc3986(url, whatwg)) {
            matches.putIfAbsent(key(m), m);
        }
        return decide(whatwg.host(), whatwg.port(), whatwg.scheme(), new ArrayList<>(matches.values()));
    }

    /** The second reading: any difference in where the URL leads is a denial, plus whatever that destination is. */
    private List<RuleMatch> compareWithRfc3986(String url, ParsedUrl whatwg) {
        String whatwgHost = whatwg.host().serialize();
        ParsedUrl rfc;
        try {
            rfc = Rfc3986UrlParser.parse(url);
        } catch (HostParseException e) {
            if (e.rule() == NetworkRule.USERINFO) {
                return List.of(NetworkRule.USERINFO.deny(whatwgHost));
            }
            return List.of(new RuleMatch(NetworkRule.PARSER_DISAGREEMENT.id(),
                    NetworkRule.PARSER_DISAGREEMENT.description() + ": WHATWG reads host '" + whatwgHost
                            + "' but RFC 3986 finds no valid host (" + e.getMessage() + ")",
                    whatwgHost, NetworkRule.PARSER_DISAGREEMENT.risk(), io.agentsafety.policy.Verdict.DENY));
        }
        if (rfc.host() != null && sameDestination(whatwg, rfc)) {
            return List.of();
        }
        String rfcHost = rfc.host() == null ? "(none, scheme " + Evidence.clean(rfc.scheme()) + ")" : rfc.host().serialize() + ":" + rfc.port();
        List<RuleMatch> found = new ArrayList<>();
        found.add(new RuleMatch(NetworkRule.PARSER_DISAGREEMENT.id(),
                NetworkRule.PARSER_DISAGREEMENT.description() + ": WHATWG reads '" + whatwgHost + ":" + whatwg.port()
                        + "', RFC 3986 reads '" + rfcHost + "'",
                rfcHost, NetworkRule.PARSER_DISAGREEMENT.risk(), io.agentsafety.policy.Verdict.DENY));
        if (rfc.host() != null) {
            found.addAll(hostMatches(rfc.host(), rfc.scheme(), rfc.port()));
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
    private List<RuleMatch> hostMatches(Host host, String scheme, Integer port) {
        if (!(host instanceof Host.Domain domain)) {
            List<RuleMatch> found = new ArrayList<>();
            for (AddressClassifier.Finding f : AddressClassifier.classify(host)) {
                found.add(new RuleMatch(f.rule().id(), f.rule().description() + ": " + f.explanation(), host.serialize(),
                        f.rule().risk(), io.agentsafety.policy.Verdict.DENY));
            }
            if (found.isEmpty()) {
                found.add(NetworkRule.IP_LITERAL.deny(host.serialize()));
            }
            return found;
        }
        String name = domain.withoutRootDot();
        String problem = HostNames.syntaxProblem(name);
        if (problem != null) {
            return List.of(new RuleMatch(NetworkRule.MALFORMED.id(), NetworkRule.MALFORMED.description() + ": " + problem,
                    Evidence.clean(name), NetworkRule.MALFORMED.risk(), io.agentsafety.policy.Verdict.DENY));
        }
        NetworkRule reserved = HostNames.reservedRule(name);
        if (reserved != null) {
            return List.of(reserved.deny(name));
        }
        List<AllowlistEntry> hostEntries = entries.stream().filter(e -> e.matchesHost(name)).toList();
        if (hostEntries.isEmpty()) {
            return List.of(NetworkRule.NOT_ALLOWLISTED.deny(name));
        }
        if (hostEntries.stream().noneMatch(e -> e.allowsPort(scheme, port))) {
            String allowed = String.join(", ", hostEntries.stream().map(AllowlistEntry::describe).toList());
            return List.of(new RuleMatch(NetworkRule.PORT.id(), NetworkRule.PORT.description() + ": port " + port
                    + " is not allowed by " + allowed + " (an entry without a port allows only the scheme's default port)",
                    name + ":" + port, NetworkRule.PORT.risk(), io.agentsafety.policy.Verdict.DENY));
        }
        return List.of();
    }

    private NetworkAssessment decide(Host host, Integer port, String scheme, List<RuleMatch> matches) {
        String shown = host.serialize();
        if (matches.isEmpty()) {
            String entry = host instanceof Host.Domain d ? entries.stream().filter(e -> e.matchesHost(d.withoutRootDot())
                    && e.allowsPort(scheme, port)).map(AllowlistEntry::describe).findFirst().orElse("?") : "?";
            return new NetworkAssessment(true, shown, port, scheme, List.of(),
                    "network access allowed: host '" + shown + "'" + (port == null ? "" : " port " + port)
                            + " is allowlisted by entry '" + entry + "'");
        }
        StringBuilder reason = new StringBuilder("network access denied: ");
        for (int i = 0; i < matches.size(); i++) {
            RuleMatch m = matches.get(i);
            reason.append(i == 0 ? "" : "; ").append(m.description());
            if (m.evidence() != null && !m.description().contains(m.evidence())) {
                reason.append(" ('").append(m.evidence()).append("')");
            }
        }
        return deny(shown, port, scheme, matches, reason.toString());
    }

    private static NetworkAssessment deny(String host, Integer port, String scheme, List<RuleMatch> matches, String reason) {
        return new NetworkAssessment(false, host, port, scheme, matches, reason);
    }

    private static String key(RuleMatch m) {
        return m.id() + "|" + m.evidence();
    }

    @Override
    public String toString() {
        return "NetworkPolicy" + allowlist();
    }
}
