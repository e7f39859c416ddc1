package io.agentsafety.policy.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Allowlist configuration and matching: exact vs wildcard entries, ports, case, root dots, invalid entries. */
class AllowlistTest {

    private static final NetworkPolicy POLICY = NetworkPolicy.fromAllowlist(
            " Example.COM , *.corp.example , api.example.net:8443, *.cdn.example.org:8080,pypi.org.,,");

    @Test
    void entriesAreNormalized() {
        assertEquals(List.of("example.com", "*.corp.example", "api.example.net:8443", "*.cdn.example.org:8080", "pypi.org"),
                POLICY.allowlist());
    }

    @Test
    void unicodeEntriesAreStoredInAsciiForm() {
        assertEquals(List.of("xn--mnchen-3ya.de", "*.xn--bcher-kva.example"),
                NetworkPolicy.fromAllowlist("münchen.de,*.bücher.example").allowlist());
        assertTrue(NetworkPolicy.fromAllowlist("münchen.de").assessUrl("https://MÜNCHEN.de/").allowed());
        assertTrue(NetworkPolicy.fromAllowlist("münchen.de").assessUrl("https://xn--mnchen-3ya.de/").allowed());
    }

    @Test
    void duplicatesCollapseAndBlankConfigAllowsNothing() {
        assertEquals(List.of("a.example"), NetworkPolicy.fromAllowlist("a.example,A.EXAMPLE,a.example.").allowlist());
        assertEquals(List.of(), NetworkPolicy.fromAllowlist("").allowlist());
        assertEquals(List.of(), NetworkPolicy.fromAllowlist((String) null).allowlist());
        assertFalse(NetworkPolicy.fromAllowlist("").assessUrl("https://example.com/").allowed());
        assertEquals(List.of("a.example", "*.b.example"), NetworkPolicy.fromAllowlist(List.of("a.example", " *.b.example ")).allowlist());
    }

    @ParameterizedTest(name = "{0} allowed={1}")
    @CsvSource(delimiter = ';', value = {
            "https://example.com/;true",
            "http://example.com/;true",
            "https://EXAMPLE.com/;true",
            "https://example.com./;true",                 // root dot: same DNS name
            "https://www.example.com/;false",             // exact entries do not cover subdomains
            "https://example.com.evil.example/;false",
            "https://notexample.com/;false",
            "https://a.corp.example/;true",               // wildcard: one extra label
            "https://a.b.c.corp.example/;true",           // or several
            "https://corp.example/;false",                // but not the apex
            "https://xcorp.example/;false",               // and not a suffix that is not a label boundary
            "https://a.corp.example.evil.example/;false",
            "https://pypi.org/;true",                     // the entry was given with a root dot
            "https://example.com:443/;true",              // default port of the scheme
            "http://example.com:80/;true",
            "https://example.com:8443/;false",            // unpinned entries allow only the default port
            "http://example.com:443/;false",              // 443 is not http's default port
            "https://example.com:80/;false",
            "https://api.example.net:8443/;true",         // pinned port
            "http://api.example.net:8443/;true",          // a pin is a port, whatever the scheme
            "https://api.example.net/;false",             // a pinned entry does not allow the default port
            "https://api.example.net:8444/;false",
            "http://x.cdn.example.org:8080/;true",
            "http://cdn.example.org:8080/;false",
            "http://x.cdn.example.org/;false",
    })
    void matching(String url, boolean allowed) {
        NetworkAssessment a = POLICY.assessUrl(url);
        assertEquals(allowed, a.allowed(), a.reason());
    }

    @Test
    void portDenialNamesThePortRuleAndTheEntries() {
        NetworkAssessment a = POLICY.assessUrl("https://example.com:8443/");
        assertEquals("network.port", a.matches().get(0).id());
        assertEquals("example.com:8443", a.matches().get(0).evidence());
        assertTrue(a.reason().contains("example.com"), a.reason());
    }

    @Test
    void aPinnedAndAnUnpinnedEntryForTheSameHostCombine() {
        NetworkPolicy both = NetworkPolicy.fromAllowlist("example.com,example.com:8443");
        assertTrue(both.assessUrl("https://example.com/").allowed());
        assertTrue(both.assessUrl("https://example.com:8443/").allowed());
        assertFalse(both.assessUrl("https://example.com:9000/").allowed());
    }

    @ParameterizedTest(name = "host {0} port {1} allowed={2}")
    @CsvSource(delimiter = ';', value = {
            "example.com;;true", "example.com;443;true", "example.com;80;true", "example.com;22;false",
            "EXAMPLE.com.;443;true", "www.example.com;443;false", "api.example.net;8443;true", "api.example.net;;false",
            "127.0.0.1;80;false", "::1;443;false", "[::1];443;false", "example.com;70000;false", "example.com/x;443;false",
            "example.com:443;;false", "user@example.com;443;false", ";443;false",
    })
    void hostAndPortForm(String host, Integer port, boolean allowed) {
        NetworkAssessment a = POLICY.assessHostPort(host, port);
        assertEquals(allowed, a.allowed(), a.reason());
        assertEquals(null, a.scheme());
    }

    @ParameterizedTest(name = "invalid entry {0}")
    @ValueSource(strings = {
            "https://example.com", "example.com/path", "user@example.com", "*", "*.com", "*.", "a.*.example.com",
            "*example.com", "example.*", "**.example.com", "127.0.0.1", "2130706433", "0x7f.1", "[::1]", "::1",
            "example.com:0", "example.com:65536", "example.com:", "example.com:http", "example..com", ".example.com",
            "exa mple.com", "localhost", "app.localhost", "metadata.google.internal", "*.localhost", "exa_mple.com:1:2",
            "ex%2Fample.com", "a!b.com", "xn--zz.com", "fa\u00DF.de",
    })
    void invalidEntriesFailLoudly(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.fromAllowlist("ok.example," + entry));
        assertTrue(e.getMessage().contains("safety.policy.network.allowlist"), e.getMessage());
        assertTrue(e.getMessage().contains("'"), e.getMessage());
    }

    @Test
    void invalidEntryMessageExplainsTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.fromAllowlist("10.0.0.1"))
                .getMessage().contains("IP literals cannot be allowlisted"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.fromAllowlist("*.com"))
                .getMessage().contains("too broad"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.fromAllowlist("a.com:99999"))
                .getMessage().contains("1 to 65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.fromAllowlist("localhost"))
                .getMessage().contains("always denied"));
    }

    @Test
    void singleLabelExactEntriesAndUnderscoresAreAccepted() {
        NetworkPolicy p = NetworkPolicy.fromAllowlist("intranet,*.svc_a.example");
        assertTrue(p.assessUrl("http://intranet/").allowed());
        assertTrue(p.assessUrl("http://x.svc_a.example/").allowed());
    }
}
