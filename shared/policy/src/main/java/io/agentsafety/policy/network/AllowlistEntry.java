package io.agentsafety.policy.network;

/**
 * One allowlist entry: {@code example.com} (that host only), {@code *.example.com} (strict subdomains: one or more
 * extra labels, not the apex), each optionally pinned to a port ({@code example.com:8443} allows only 8443). An
 * unpinned entry allows only the scheme's default port (80 for http, 443 for https; for a bare host+port check,
 * 80, 443 or none). Entries are normalized like URL hosts (IDNA, lower case, no root dot), so matching compares
 * canonical ASCII names.
 *
 * @param domain   canonical ASCII name without "*." and without root dot
 * @param wildcard true for "*.domain"
 * @param port     pinned port, or null for the scheme's default
 */
record AllowlistEntry(String domain, boolean wildcard, Integer port) {

    static final String CONFIG_KEY = "safety.policy.network.allowlist";

    /** Parses one entry; throws IllegalArgumentException naming the entry and the problem (fail at startup). */
    static AllowlistEntry parse(String raw) {
        String text = raw.strip();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '@' || c == '?' || c == '#' || c == '\\' || c <= 0x20 || c == 0x7f) {
                throw invalid(raw, "an entry is a host name or *.domain, optionally with :port; not a URL, path or userinfo");
            }
        }
        if (text.startsWith("[")) {
            throw invalid(raw, "IP literals cannot be allowlisted: the policy matches host names and always denies IP literals");
        }
        Integer port = null;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            if (text.indexOf(':', colon + 1) >= 0) {
                throw invalid(raw, "IP literals cannot be allowlisted: the policy matches host names and always denies IP literals");
            }
            String portText = text.substring(colon + 1);
            if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                throw invalid(raw, "the port must be a number from 1 to 65535");
            }
            port = Integer.parseInt(portText);
            text = text.substring(0, colon);
        }
        boolean wildcard = text.startsWith("*.");
        String base = wildcard ? text.substring(2) : text;
        if (base.indexOf('*') >= 0) {
            throw invalid(raw, "'*' is only allowed as the whole first label, as in *.example.com");
        }
        Host host;
        try {
            host = WhatwgHostParser.parse(base);
        } catch (HostParseException e) {
            throw invalid(raw, e.getMessage());
        }
        if (!(host instanceof Host.Domain domainHost)) {
            throw invalid(raw, "IP literals cannot be allowlisted: the policy matches host names and always denies IP literals");
        }
        String domain = domainHost.withoutRootDot();
        String problem = HostNames.syntaxProblem(domain);
        if (problem != null) {
            throw invalid(raw, problem);
        }
        if (HostNames.reservedRule(domain) != null) {
            throw invalid(raw, "'" + domain + "' is a loopback or cloud metadata name, which is always denied");
        }
        if (wildcard && domain.indexOf('.') < 0) {
            throw invalid(raw, "a wildcard over a single label (a whole top-level domain) is too broad");
        }
        return new AllowlistEntry(domain, wildcard, port);
    }

    /** Whether this entry names the host (canonical ASCII, lower case, without root dot). */
    boolean matchesHost(String name) {
        if (!wildcard) {
            return name.equals(domain);
        }
        return name.length() > domain.length() + 1 && name.endsWith(domain) && name.charAt(name.length() - domain.length() - 1) == '.';
    }

    /**
     * Whether this entry allows the effective port. scheme null means a host+port check without a URL, where
     * port null means "unspecified".
     */
    boolean allowsPort(String scheme, Integer effectivePort) {
        if (port != null) {
            return port.equals(effectivePort);
        }
        if (scheme == null) {
            return effectivePort == null || effectivePort == 80 || effectivePort == 443;
        }
        return effectivePort != null && effectivePort == ParsedUrl.defaultPort(scheme);
    }

    /** What the entry allows, e.g. "*.example.com" or "example.com:8443". */
    String describe() {
        return (wildcard ? "*." : "") + domain + (port == null ? "" : ":" + port);
    }

    private static IllegalArgumentException invalid(String raw, String why) {
        return new IllegalArgumentException("invalid " + CONFIG_KEY + " entry '" + Evidence.clean(raw.strip()) + "': " + why);
    }
}
