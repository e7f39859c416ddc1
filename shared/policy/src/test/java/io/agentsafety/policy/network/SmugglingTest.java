package io.agentsafety.policy.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentsafety.policy.RuleMatch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attempts to get a non-allowlisted destination past the check, and the legitimate URLs that look similar.
 * Allowlist: trusted.example (exact) and *.cdn.example (wildcard).
 */
class SmugglingTest {

    private static final NetworkPolicy POLICY = NetworkPolicy.fromAllowlist("trusted.example,*.cdn.example");

    private static List<String> ids(NetworkAssessment a) {
        return a.matches().stream().map(RuleMatch::id).toList();
    }

    @ParameterizedTest(name = "denied: {0}")
    @ValueSource(strings = {
            // userinfo that looks like the allowed host
            "https://trusted.example@evil.example/",
            "https://trusted.example:443@evil.example/",
            "https://trusted.example%2F@evil.example/",
            "https://a.cdn.example:pw@evil.example/",
            // the authority ends earlier than it seems
            "https://evil.example#@trusted.example/",
            "https://evil.example?@trusted.example/",
            "https://evil.example/@trusted.example/",
            "https://evil.example\\@trusted.example/",       // WHATWG: host evil.example
            "https://trusted.example\\@evil.example/",       // RFC 3986 / curl: host evil.example
            "https://trusted.example\\.evil.example/",
            "https://evil.example;trusted.example/",
            // suffixes, prefixes and lookalikes
            "https://trusted.example.evil.example/",
            "https://trusted.examplе/",                       // Cyrillic e
            "https://xtrusted.example/",
            "https://cdn.example/",                           // wildcard apex
            "https://cdn.example.evil.example/",
            "https://a.cdn.example.evil.example/",
            "https://.cdn.example/",
            "https://a..cdn.example/",
            "https://*.cdn.example/",
            "https://a b.cdn.example/",
            "https://a%20b.cdn.example/",
            "https://evil.example%2f.cdn.example/",
            "https://evil.example%2F%2F.cdn.example/",
            "https://evil.example%40.cdn.example/",
            "https://evil.example%3f.cdn.example/",
            "https://evil.example%23.cdn.example/",
            "https://evil.example%5C.cdn.example/",
            "https://evil.example%00.cdn.example/",
            "https://evil.example%0d%0a.cdn.example/",
            "https://evil.example%09.cdn.example/",
            "https://evil.example\u0000.cdn.example/",
            "https://evil.example\u3002.x\u3002cdn.example.evil.example/",
            "https://evil.example\uFF0F.cdn.example/",       // fullwidth solidus maps to '/'
            "https://evil.example\uFF20.cdn.example/",       // fullwidth @
            "https://evil\u2488cdn.example/",                 // ⒈ maps to "1."
            "https://trusted.example..evil.example/",
            "https://trusted.example../",
            // tabs/newlines: browsers drop them, curl refuses them
            "https://trusted.example\t.evil.example/",
            "https://trusted\n.example/",
            // slashes and schemes
            "http:trusted.example/",                          // WHATWG reaches it, RFC 3986 has no authority
            "https:\\\\trusted.example/",
            "https:/trusted.example/",
            "https:///trusted.example/",
            "//trusted.example/",
            "trusted.example/x",
            "trusted.example:443/x",
            "ftp://trusted.example/",
            "ws://trusted.example/",
            "wss://trusted.example/",
            "file://trusted.example/etc/passwd",
            "gopher://trusted.example/",
            "javascript:fetch('https://trusted.example')",
            "data:text/plain,trusted.example",
            "ssh://trusted.example/",
            "blob:https://trusted.example/x",
            "view-source:https://trusted.example/",
            "jar:https://trusted.example/x.jar!/",
            // ambiguous userinfo
            "https://a@b@trusted.example/",
            "https://user@evil.example@trusted.example/",
            // ports
            "https://trusted.example:99999/",
            "https://trusted.example:443x/",
            "https://trusted.example:-443/",
            "https://trusted.example:22/",
            "https://trusted.example:443:443/",
            // deviation characters and invisible fillers
            "https://truste\u00DF.example/",
            "https://a\u200D.cdn.example/",
            "https://a\u3164.cdn.example/",
            "https://xn--80ak6aa92e.cdn.example/",            // decodes to a character newer than the IDNA tables: refused
            "",
            "   ",
            "https://",
            "https://:443/",
            "https://@/",
    })
    void denied(String url) {
        NetworkAssessment a = POLICY.assessUrl(url);
        assertFalse(a.allowed(), () -> url + " -> " + a.reason());
        assertFalse(a.matches().isEmpty());
        assertFalse(a.reason().isBlank());
    }

    @ParameterizedTest(name = "allowed: {0}")
    @ValueSource(strings = {
            "https://trusted.example/",
            "https://trusted.example/path/@evil.example",
            "https://trusted.example/?next=https://evil.example/",
            "https://trusted.example#@evil.example",
            "https://trusted.example/%2e%2e/evil.example/",
            "https://user:secret@trusted.example/",           // credentials for the allowed host
            "https://TRUSTED.EXAMPLE:443/",
            "https://trusted.example./",
            "https://a.b.cdn.example/x?y#z",
            "https://%74rusted.example/",                     // percent-encoded letter: every reading decodes it
            "https://ｔｒｕｓｔｅｄ.example/",                    // fullwidth letters: IDNA maps them (WHATWG semantics)
            "https://trusted\u3002example/",                  // ideographic full stop
            "https://trusted.example/\t",                     // a tab in the path does not move the host
            "  https://trusted.example/  ",
            "https://xn--mnchen-3ya.cdn.example/",            // Punycode label under a wildcard
            "https://evil.example&@trusted.example#@x/",      // every parser: userinfo 'evil.example&', host trusted.example
            "https://\u0430pple.cdn.example/",                // a Unicode label under a wildcard stays under it
    })
    void allowed(String url) {
        NetworkAssessment a = POLICY.assessUrl(url);
        assertTrue(a.allowed(), () -> url + " -> " + a.reason());
        assertEquals(List.of(), a.matches());
    }

    @Test
    void backslashReadingsDisagreeAndBothAreReported() {
        NetworkAssessment a = POLICY.assessUrl("https://trusted.example\\@evil.example/");
        assertEquals("trusted.example", a.host());                       // the browser reading
        assertTrue(ids(a).contains("network.parser_disagreement"), a.reason());
        assertTrue(ids(a).contains("network.not_allowlisted"), a.reason()); // the curl reading's host
        assertTrue(a.reason().contains("evil.example"), a.reason());
    }

    @Test
    void missingSlashesAreADisagreement() {
        NetworkAssessment a = POLICY.assessUrl("http:trusted.example/");
        assertEquals(List.of("network.parser_disagreement"), ids(a));
        assertTrue(a.reason().contains("RFC 3986"), a.reason());
    }

    @Test
    void severalAtSignsAreUserinfoDenials() {
        assertEquals(List.of("network.userinfo"), ids(POLICY.assessUrl("https://a@b@trusted.example/")));
    }

    @Test
    void percentEncodedDelimitersAreMalformed() {
        NetworkAssessment a = POLICY.assessUrl("https://trusted.example%40evil.example/");
        assertEquals(List.of("network.malformed"), ids(a));
        assertTrue(a.reason().contains("'@'"), a.reason());
    }

    @Test
    void schemesAreNamedInTheDenial() {
        NetworkAssessment a = POLICY.assessUrl("GOPHER://trusted.example/");
        assertEquals(List.of("network.scheme"), ids(a));
        assertEquals("gopher", a.scheme());
        assertTrue(a.reason().contains("'gopher'"));
        assertEquals(List.of("network.scheme"), ids(POLICY.assessUrl("trusted.example/path")));
    }
}
