package io.agentsafety.policy.network;

import io.agentsafety.policy.RiskLevel;

/**
 * The rules of the network policy, as data: a stable id for clients and dashboards, what the rule means, and how
 * risky a request it stops would have been. Every rule denies; the policy has no "warn" rules because an
 * unexplainable or unsafe destination must never be reached.
 */
public enum NetworkRule {
    SCHEME("network.scheme", "only http and https URLs can be allowed", RiskLevel.MEDIUM,
            "ftp://github.com/"),
    MALFORMED("network.malformed", "the URL or host cannot be parsed as a valid http(s) destination", RiskLevel.HIGH,
            "https://github.com%2F/"),
    PARSER_DISAGREEMENT("network.parser_disagreement",
            "URL parsers (WHATWG/browsers vs RFC 3986/curl) read a different destination from this URL", RiskLevel.HIGH,
            "https://github.com\\@evil.example/"),
    USERINFO("network.userinfo", "the authority carries an ambiguous userinfo part (several '@')", RiskLevel.HIGH,
            "https://a@b@github.com/"),
    NOT_ALLOWLISTED("network.not_allowlisted", "the host is not on the network allowlist", RiskLevel.MEDIUM,
            "https://evil.example/"),
    PORT("network.port", "the port is not allowed for this host by the allowlist", RiskLevel.MEDIUM,
            "https://github.com:8443/"),
    IP_LITERAL("network.ip_literal", "IP address literals never match the allowlist, which names hosts", RiskLevel.MEDIUM,
            "https://140.82.112.3/"),
    LOOPBACK("network.loopback", "loopback addresses and localhost names reach the machine itself", RiskLevel.HIGH,
            "http://0x7f.1/"),
    PRIVATE_ADDRESS("network.private_address", "private network address (RFC 1918 / unique local)", RiskLevel.HIGH,
            "http://[::ffff:10.0.0.1]/"),
    SHARED_ADDRESS("network.shared_address", "carrier-grade NAT shared address space 100.64.0.0/10", RiskLevel.HIGH,
            "http://100.64.0.1/"),
    LINK_LOCAL("network.link_local", "link-local address", RiskLevel.HIGH,
            "http://[fe80::1]/"),
    UNSPECIFIED("network.unspecified", "unspecified / 'this network' address (0.0.0.0/8, ::)", RiskLevel.HIGH,
            "http://0.0.0.0/"),
    MULTICAST("network.multicast", "multicast address", RiskLevel.HIGH,
            "http://224.0.0.1/"),
    BROADCAST("network.broadcast", "limited broadcast address 255.255.255.255", RiskLevel.HIGH,
            "http://255.255.255.255/"),
    RESERVED("network.reserved", "reserved, documentation or benchmarking address range", RiskLevel.MEDIUM,
            "http://240.0.0.1/"),
    METADATA("network.metadata", "cloud instance metadata endpoint (credentials theft target)", RiskLevel.CRITICAL,
            "http://169.254.169.254/latest/meta-data/");

    private final String id;
    private final String description;
    private final RiskLevel risk;
    private final String example;

    NetworkRule(String id, String description, RiskLevel risk, String example) {
        this.id = id;
        this.description = description;
        this.risk = risk;
        this.example = example;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public RiskLevel risk() {
        return risk;
    }

    /** A URL this rule denies under the allowlist {@code github.com} (checked by a test; handy for docs and UIs). */
    public String example() {
        return example;
    }

    /** A denial by this rule; evidence must already be free of userinfo (callers quote hosts and ports only). */
    Denial deny(String evidence, String detail) {
        return new Denial(this, evidence, detail);
    }
}
