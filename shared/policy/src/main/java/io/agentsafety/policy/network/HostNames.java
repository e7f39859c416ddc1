package io.agentsafety.policy.network;

import java.util.Set;

/**
 * Host-name rules that need no allowlist: DNS syntax (what a resolver can look up at all) and the names that are
 * always denied because they reach the machine itself or a cloud metadata service.
 */
final class HostNames {

    private static final Set<String> LOOPBACK = Set.of(
            "localhost", "localhost.localdomain", "localhost6", "localhost6.localdomain6", "ip6-localhost", "ip6-loopback");
    /** GCP, AWS (EC2 resolver names), Tencent; bare "metadata" resolves to the metadata server on GCP/Azure VMs. */
    private static final Set<String> METADATA = Set.of(
            "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
            "metadata.tencentyun.com");

    private HostNames() {
    }

    /** Null when the name (ASCII, lower case, no root dot) is valid DNS host syntax, else why not. */
    static String syntaxProblem(String name) {
        if (name.isEmpty()) {
            return "the host is empty";
        }
        if (name.length() > 253) {
            return "the host name is longer than 253 characters";
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                if (i == labelStart) {
                    return "host '" + Evidence.clean(name) + "' has an empty label";
                }
                if (i - labelStart > 63) {
                    return "host '" + Evidence.clean(name) + "' has a label longer than 63 characters";
                }
                labelStart = i + 1;
                continue;
            }
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return "host '" + Evidence.clean(name) + "' contains " + WhatwgHostParser.describe(c)
                        + ", which DNS host names cannot contain";
            }
        }
        return null;
    }

    /** The rule that always denies this name (loopback or metadata), or null. */
    static NetworkRule reservedRule(String name) {
        if (LOOPBACK.contains(name) || name.endsWith(".localhost")) {
            return NetworkRule.LOOPBACK;
        }
        if (METADATA.contains(name)) {
            return NetworkRule.METADATA;
        }
        return null;
    }
}
