package io.agentsafety.policy.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentsafety.policy.RiskLevel;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every address class and reserved name is denied with its own rule id, in every notation, even when an entry
 * that could match it is configured.
 */
class AddressClassTest {

    /** A wildcard over google.internal would cover metadata.google.internal etc. if names were not checked first. */
    private static final NetworkPolicy POLICY = NetworkPolicy.fromAllowlist("*.google.internal,*.corp.example,github.com");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            // loopback, in every notation
            "http://127.0.0.1/;network.loopback",
            "http://127.255.255.254/;network.loopback",
            "http://2130706433/;network.loopback",
            "http://0177.0.0.1/;network.loopback",
            "http://0x7f.1/;network.loopback",
            "http://127.1/;network.loopback",
            "http://[::1]/;network.loopback",
            "http://[::ffff:127.0.0.1]/;network.loopback",
            "http://[::ffff:7f00:1]/;network.loopback",
            "http://[0:0:0:0:0:ffff:7f00:1]/;network.loopback",
            "http://[::127.0.0.1]/;network.loopback",            // IPv4-compatible (deprecated) form
            "http://[64:ff9b::7f00:1]/;network.loopback",        // NAT64
            "http://[2002:7f00:1::]/;network.loopback",          // 6to4
            "http://localhost/;network.loopback",
            "http://LOCALHOST./;network.loopback",
            "http://api.localhost/;network.loopback",
            "http://ip6-localhost/;network.loopback",
            // private
            "http://10.0.0.1/;network.private_address",
            "http://172.16.0.1/;network.private_address",
            "http://172.31.255.255/;network.private_address",
            "http://192.168.1.1/;network.private_address",
            "http://0xc0a80101/;network.private_address",
            "http://[fc00::1]/;network.private_address",
            "http://[fd12:3456::1]/;network.private_address",
            "http://[::ffff:192.168.0.1]/;network.private_address",
            // shared (CGNAT), link-local, unspecified, multicast, broadcast, reserved
            "http://100.64.0.1/;network.shared_address",
            "http://100.127.255.255/;network.shared_address",
            "http://169.254.1.1/;network.link_local",
            "http://[fe80::1]/;network.link_local",
            "http://[febf::1]/;network.link_local",
            "http://0.0.0.0/;network.unspecified",
            "http://0/;network.unspecified",
            "http://0.1.2.3/;network.unspecified",
            "http://[::]/;network.unspecified",
            "http://224.0.0.1/;network.multicast",
            "http://239.255.255.250/;network.multicast",
            "http://[ff02::1]/;network.multicast",
            "http://255.255.255.255/;network.broadcast",
            "http://4294967295/;network.broadcast",
            "http://240.0.0.1/;network.reserved",
            "http://192.0.2.1/;network.reserved",
            "http://198.18.0.1/;network.reserved",
            "http://[2001:db8::1]/;network.reserved",
            // cloud metadata: addresses and names
            "http://169.254.169.254/latest/meta-data/;network.metadata",
            "http://0xa9fea9fe/;network.metadata",
            "http://2852039166/;network.metadata",
            "http://0251.0376.0251.0376/;network.metadata",
            "http://169.254.43518/;network.metadata",
            "http://[::ffff:169.254.169.254]/;network.metadata",
            "http://[::ffff:a9fe:a9fe]/;network.metadata",
            "http://[fd00:ec2::254]/;network.metadata",
            "http://169.254.170.2/v2/credentials;network.metadata",
            "http://100.100.100.200/latest/meta-data/;network.metadata",
            "http://metadata.google.internal/computeMetadata/v1/;network.metadata",
            "http://METADATA.GOOGLE.INTERNAL./;network.metadata",
            "http://metadata/;network.metadata",
            "http://instance-data/;network.metadata",
            "http://%6d%65%74%61%64%61%74%61/;network.metadata",
            // public addresses: not special, but IP literals never match
            "https://140.82.112.3/;network.ip_literal",
            "https://[2606:4700::1111]/;network.ip_literal",
            "https://[::ffff:8.8.8.8]/;network.ip_literal",
            "https://1.1.1.1:443/;network.ip_literal",
    })
    void deniedWithSpecificRule(String url, String ruleId) {
        NetworkAssessment a = POLICY.assessUrl(url);
        assertFalse(a.allowed(), url);
        List<String> ids = a.matches().stream().map(RuleMatch::id).toList();
        assertTrue(ids.contains(ruleId), url + " -> " + ids + " " + a.reason());
        assertTrue(a.matches().stream().allMatch(m -> m.verdict() == Verdict.DENY));
    }

    @ParameterizedTest(name = "host+port {0}")
    @CsvSource(delimiter = ';', value = {
            "169.254.169.254;network.metadata", "fd00:ec2::254;network.metadata", "10.1.2.3;network.private_address",
            "localhost;network.loopback", "0x7f000001;network.loopback", "metadata.google.internal;network.metadata",
    })
    void hostPortFormUsesTheSameClasses(String host, String ruleId) {
        NetworkAssessment a = POLICY.assessHostPort(host, 80);
        assertFalse(a.allowed());
        assertTrue(a.matches().stream().anyMatch(m -> m.id().equals(ruleId)), a.reason());
    }

    @ParameterizedTest(name = "metadata is critical: {0}")
    @CsvSource({"http://169.254.169.254/", "http://metadata.google.internal/"})
    void metadataIsCriticalRisk(String url) {
        assertEquals(RiskLevel.CRITICAL, POLICY.assessUrl(url).matches().get(0).risk());
    }
}
