package io.agentsafety.policy.network;

import java.util.ArrayList;
import java.util.List;

/**
 * Classifies IP literals into the address classes the policy always denies, from a table of ranges (data, with
 * the registry they come from). IPv6 forms that carry an IPv4 address (IPv4-mapped, -compatible, -translated,
 * NAT64, 6to4, Teredo) are also classified by the IPv4 address inside them, so [::ffff:127.0.0.1] is loopback.
 * Every IP literal is denied anyway (the allowlist names hosts); the classes make the denial explainable.
 */
final class AddressClassifier {

    /** One range of the table: network address, prefix length, rule and a human name. */
    private record V4Range(long network, int prefix, NetworkRule rule, String name) {
        boolean contains(long address) {
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return (address & mask) == network;
        }
    }

    private record V6Range(int[] network, int prefix, NetworkRule rule, String name) {
        boolean contains(Host.Ipv6 address) {
            return prefixMatches(address, network, prefix);
        }
    }

    /** Known cloud metadata / credential endpoints: AWS, GCP, Azure, OCI (169.254.169.254), ECS and EKS agents,
     * Alibaba, Oracle legacy, Tencent. */
    private static final List<Long> METADATA_V4 = List.of(
            v4(169, 254, 169, 254), v4(169, 254, 170, 2), v4(169, 254, 170, 23), v4(100, 100, 100, 200),
            v4(192, 0, 0, 192), v4(169, 254, 0, 23));
    /** AWS IMDS and EKS pod identity over IPv6. */
    private static final List<Host.Ipv6> METADATA_V6 = List.of(
            new Host.Ipv6(new int[] {0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254}),
            new Host.Ipv6(new int[] {0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23}));

    /** IANA IPv4 special-purpose registry (RFC 6890 and successors); the first matching row wins. */
    private static final List<V4Range> V4 = List.of(
            new V4Range(v4(0, 0, 0, 0), 8, NetworkRule.UNSPECIFIED, "0.0.0.0/8 'this network'"),
            new V4Range(v4(10, 0, 0, 0), 8, NetworkRule.PRIVATE_ADDRESS, "10.0.0.0/8 private"),
            new V4Range(v4(100, 64, 0, 0), 10, NetworkRule.SHARED_ADDRESS, "100.64.0.0/10 carrier-grade NAT"),
            new V4Range(v4(127, 0, 0, 0), 8, NetworkRule.LOOPBACK, "127.0.0.0/8 loopback"),
            new V4Range(v4(169, 254, 0, 0), 16, NetworkRule.LINK_LOCAL, "169.254.0.0/16 link-local"),
            new V4Range(v4(172, 16, 0, 0), 12, NetworkRule.PRIVATE_ADDRESS, "172.16.0.0/12 private"),
            new V4Range(v4(192, 0, 0, 0), 24, NetworkRule.RESERVED, "192.0.0.0/24 IETF protocol assignments"),
            new V4Range(v4(192, 0, 2, 0), 24, NetworkRule.RESERVED, "192.0.2.0/24 documentation"),
            new V4Range(v4(192, 88, 99, 0), 24, NetworkRule.RESERVED, "192.88.99.0/24 6to4 relay anycast"),
            new V4Range(v4(192, 168, 0, 0), 16, NetworkRule.PRIVATE_ADDRESS, "192.168.0.0/16 private"),
            new V4Range(v4(198, 18, 0, 0), 15, NetworkRule.RESERVED, "198.18.0.0/15 benchmarking"),
            new V4Range(v4(198, 51, 100, 0), 24, NetworkRule.RESERVED, "198.51.100.0/24 documentation"),
            new V4Range(v4(203, 0, 113, 0), 24, NetworkRule.RESERVED, "203.0.113.0/24 documentation"),
            new V4Range(v4(224, 0, 0, 0), 4, NetworkRule.MULTICAST, "224.0.0.0/4 multicast"),
            new V4Range(v4(255, 255, 255, 255), 32, NetworkRule.BROADCAST, "255.255.255.255 broadcast"),
            new V4Range(v4(240, 0, 0, 0), 4, NetworkRule.RESERVED, "240.0.0.0/4 reserved"));

    /** IANA IPv6 special-purpose registry, the rows that matter for egress; the first matching row wins. */
    private static final List<V6Range> V6 = List.of(
            new V6Range(new int[8], 128, NetworkRule.UNSPECIFIED, ":: unspecified"),
            new V6Range(new int[] {0, 0, 0, 0, 0, 0, 0, 1}, 128, NetworkRule.LOOPBACK, "::1 loopback"),
            new V6Range(new int[] {0x100, 0, 0, 0, 0, 0, 0, 0}, 64, NetworkRule.RESERVED, "100::/64 discard"),
            new V6Range(new int[] {0x2001, 0xdb8, 0, 0, 0, 0, 0, 0}, 32, NetworkRule.RESERVED, "2001:db8::/32 documentation"),
            new V6Range(new int[] {0xfc00, 0, 0, 0, 0, 0, 0, 0}, 7, NetworkRule.PRIVATE_ADDRESS, "fc00::/7 unique local"),
            new V6Range(new int[] {0xfe80, 0, 0, 0, 0, 0, 0, 0}, 10, NetworkRule.LINK_LOCAL, "fe80::/10 link-local"),
            new V6Range(new int[] {0xfec0, 0, 0, 0, 0, 0, 0, 0}, 10, NetworkRule.PRIVATE_ADDRESS, "fec0::/10 site-local"),
            new V6Range(new int[] {0xff00, 0, 0, 0, 0, 0, 0, 0}, 8, NetworkRule.MULTICAST, "ff00::/8 multicast"));

    /** A class the address falls in, with a human explanation of the range. */
    record Finding(NetworkRule rule, String explanation) {
    }

    private AddressClassifier() {
    }

    static List<Finding> classify(Host host) {
        List<Finding> findings = new ArrayList<>();
        if (host instanceof Host.Ipv4 v4) {
            classifyV4(v4.address(), "", findings);
        } else if (host instanceof Host.Ipv6 v6) {
            classifyV6(v6, findings);
        }
        return findings;
    }

    private static void classifyV4(long address, String via, List<Finding> findings) {
        String text = new Host.Ipv4(address).serialize();
        if (METADATA_V4.contains(address)) {
            findings.add(new Finding(NetworkRule.METADATA, text + via + " is a cloud metadata/credentials endpoint"));
        }
        for (V4Range range : V4) {
            if (range.contains(address)) {
                findings.add(new Finding(range.rule(), text + via + " is in " + range.name()));
                return;
            }
        }
    }

    private static void classifyV6(Host.Ipv6 address, List<Finding> findings) {
        String text = address.serialize();
        if (METADATA_V6.contains(address)) {
            findings.add(new Finding(NetworkRule.METADATA, text + " is a cloud metadata endpoint"));
        }
        for (V6Range range : V6) {
            if (range.contains(address)) {
                findings.add(new Finding(range.rule(), text + " is in " + range.name()));
                break;
            }
        }
        Long embedded = embeddedIpv4(address);
        if (embedded != null) {
            classifyV4(embedded, " (embedded in " + text + ")", findings);
        }
    }

    /** The IPv4 address an IPv6 transition form carries, or null. */
    static Long embeddedIpv4(Host.Ipv6 a) {
        boolean firstFiveZero = a.piece(0) == 0 && a.piece(1) == 0 && a.piece(2) == 0 && a.piece(3) == 0 && a.piece(4) == 0;
        long low32 = ((long) a.piece(6) << 16) | a.piece(7);
        if (firstFiveZero && (a.piece(5) == 0xffff || (a.piece(5) == 0 && low32 > 1))) {
            return low32; // ::ffff:a.b.c.d mapped, ::a.b.c.d compatible (not :: and ::1)
        }
        if (a.piece(0) == 0 && a.piece(1) == 0 && a.piece(2) == 0 && a.piece(3) == 0 && a.piece(4) == 0xffff && a.piece(5) == 0) {
            return low32; // ::ffff:0:a.b.c.d IPv4-translated (SIIT)
        }
        if (a.piece(0) == 0x64 && a.piece(1) == 0xff9b && (a.piece(2) == 0 && a.piece(3) == 0 && a.piece(4) == 0 && a.piece(5) == 0
                || a.piece(2) == 1)) {
            return low32; // 64:ff9b::/96 NAT64, 64:ff9b:1::/48 local-use NAT64
        }
        if (a.piece(0) == 0x2002) {
            return ((long) a.piece(1) << 16) | a.piece(2); // 6to4
        }
        if (a.piece(0) == 0x2001 && a.piece(1) == 0) {
            return ~low32 & 0xFFFFFFFFL; // Teredo: client address, bit-inverted
        }
        return null;
    }

    private static boolean prefixMatches(Host.Ipv6 address, int[] network, int prefix) {
        for (int i = 0; i < 8 && prefix > 0; i++) {
            int bits = Math.min(16, prefix);
            int mask = (0xFFFF << (16 - bits)) & 0xFFFF;
            if ((address.piece(i) & mask) != (network[i] & mask)) {
                return false;
            }
            prefix -= bits;
        }
        return true;
    }

    private static long v4(int a, int b, int c, int d) {
        return ((long) a << 24) | ((long) b << 16) | ((long) c << 8) | d;
    }
}
