package io.agentsafety.policy.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentsafety.policy.RuleMatch;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The public API: what an assessment carries, that it never leaks credentials, and that it fails closed. */
class NetworkPolicyApiTest {

    private static final NetworkPolicy POLICY = NetworkPolicy.fromAllowlist("github.com,*.githubusercontent.com");
    private static final String SECRET = "S3cr3tPassw0rd";

    @Test
    void allowedAssessmentCarriesCanonicalHostPortSchemeAndEntry() {
        NetworkAssessment a = POLICY.assessUrl("HTTPS://user:" + SECRET + "@GitHub.com/acme?token=" + SECRET);
        assertTrue(a.allowed());
        assertEquals("github.com", a.host());
        assertEquals(443, a.port());
        assertEquals("https", a.scheme());
        assertEquals(List.of(), a.matches());
        assertTrue(a.reason().contains("'github.com'") && a.reason().contains("entry 'github.com'"), a.reason());
        assertFalse(a.reason().contains(SECRET));
    }

    @Test
    void deniedAssessmentCarriesTheParsedHost() {
        NetworkAssessment a = POLICY.assessUrl("http://0x7f.1:8080/");
        assertFalse(a.allowed());
        assertEquals("127.0.0.1", a.host());
        assertEquals(8080, a.port());
        assertEquals("http", a.scheme());
        RuleMatch m = a.matches().get(0);
        assertEquals("network.loopback", m.id());
        assertEquals("127.0.0.1", m.evidence());
        assertEquals("[::1]", POLICY.assessUrl("http://[0::1]/").host());
    }

    @ParameterizedTest(name = "no credential in the answer for {0}")
    @ValueSource(strings = {
            "https://user:" + SECRET + "@evil.example/",
            "https://user:" + SECRET + "@github.com\\@evil.example/",
            "https://user:" + SECRET + "@169.254.169.254/",
            "https://user:" + SECRET + "@[::1]/",
            "https://user:" + SECRET + "@a..b/",
            "https://user:" + SECRET + "@/",
            "https://user:" + SECRET + "@evil.example:99999/",
            "https://user:" + SECRET + "%40x@evil.example/",
            "https://" + SECRET + ":" + SECRET + "@a%2fb/",
            "ftp://user:" + SECRET + "@github.com/",
            "http:user:" + SECRET + "@evil.example/",
            "https://user:" + SECRET + "\t@evil.example/",
            "https://user:" + SECRET + "@@github.com/",
            "https://user:" + SECRET + "@github.com:8443/",
            "https://user:" + SECRET + "@ｅｖｉｌ.example/",
            "https://user:" + SECRET + "@fa\u00DF.de/",
            "https://user:" + SECRET + "@localhost/",
            "https://user:" + SECRET + "@[fe80::1%25eth0]/",
    })
    void credentialsNeverReachReasonOrEvidence(String url) {
        NetworkAssessment a = POLICY.assessUrl(url);
        assertFalse(a.reason().contains(SECRET), a.reason());
        assertTrue(a.host() == null || !a.host().contains(SECRET), a.host());
        for (RuleMatch m : a.matches()) {
            assertTrue(m.evidence() == null || !m.evidence().contains(SECRET), m.evidence());
            assertFalse(m.description().contains(SECRET), m.description());
        }
    }

    @Test
    void pathsAndQueriesAreNeverQuoted() {
        NetworkAssessment a = POLICY.assessUrl("https://evil.example/reset?password=" + SECRET);
        assertFalse(a.reason().contains(SECRET));
        assertEquals("evil.example", a.matches().get(0).evidence());
    }

    @Test
    void failsClosedOnNullEmptyAndHugeInput() {
        for (String url : new String[] {null, "", " ", "https://github.com/" + "a".repeat(NetworkPolicy.MAX_URL_LENGTH)}) {
            NetworkAssessment a = POLICY.assessUrl(url);
            assertFalse(a.allowed());
            assertEquals("network.malformed", a.matches().get(0).id());
        }
        assertFalse(POLICY.assessUrl("https://" + "a.".repeat(20_000) + "github.com/").allowed());
        assertFalse(POLICY.assessUrl("https://[" + ":".repeat(10_000) + "]/").allowed());
        assertFalse(POLICY.assessHostPort(null, 443).allowed());
        assertFalse(POLICY.assessHostPort("github.com", -1).allowed());
    }

    @ParameterizedTest(name = "garbage {0}")
    @ValueSource(strings = {"%", "http://%", "http://[", "http://]", "http://[]", "http://:", "http://@", "http://?", "\u0000",
            "http://\uD800/", "http://\uDC00\uD800/", "https://\uFFFF/", "https://%ff%fe/", "h:", "http:", "https:?"})
    void garbageIsDeniedWithAReason(String url) {
        NetworkAssessment a = POLICY.assessUrl(url);
        assertFalse(a.allowed());
        assertFalse(a.matches().isEmpty());
        assertTrue(a.reason().startsWith("network access denied: "), a.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "github.com;443;true", "GitHub.com.;;true", "raw.githubusercontent.com;80;true", "githubusercontent.com;443;false",
            "%67ithub.com;443;true", "github.com;8080;false", "[::ffff:127.0.0.1];443;false",
    })
    void hostPortForm(String host, Integer port, boolean allowed) {
        NetworkAssessment a = POLICY.assessHostPort(host, port);
        assertEquals(allowed, a.allowed(), a.reason());
        assertEquals(port, a.port());
    }

    @Test
    void assessmentIsImmutableAndConsistent() {
        NetworkAssessment a = POLICY.assessUrl("https://evil.example/");
        assertThrows(UnsupportedOperationException.class, () -> a.matches().add(null));
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkAssessment(true, "x", 1, "https", a.matches(), "contradiction"));
        assertNull(POLICY.assessUrl("ftp://x/").host());
    }

    @Test
    void concurrentUseGivesTheSameAnswers() {
        List<String> urls = List.of("https://github.com/", "https://evil.example/", "http://127.1/", "https://a.githubusercontent.com/",
                "https://ｇｉｔｈｕｂ.com/", "https://münchen.githubusercontent.com/", "https://ｇｉｔｈｕｂ.evil/", "http://①②⑦.0.0.1/");
        List<Boolean> expected = urls.stream().map(u -> POLICY.assessUrl(u).allowed()).toList();
        IntStream.range(0, 20_000).parallel().forEach(i -> {
            int k = i % urls.size();
            assertEquals(expected.get(k), POLICY.assessUrl(urls.get(k)).allowed());
        });
    }

    @ParameterizedTest(name = "example of {0}")
    @org.junit.jupiter.params.provider.EnumSource(NetworkRule.class)
    void everyRuleDeniesItsOwnExample(NetworkRule rule) {
        NetworkAssessment a = NetworkPolicy.fromAllowlist("github.com").assessUrl(rule.example());
        assertFalse(a.allowed());
        assertTrue(a.matches().stream().anyMatch(m -> m.id().equals(rule.id()) && m.risk() == rule.risk()),
                rule.example() + " -> " + a.reason());
        assertTrue(rule.id().startsWith("network."));
    }

    @Test
    void ruleIdsAreUnique() {
        assertEquals(NetworkRule.values().length,
                java.util.Arrays.stream(NetworkRule.values()).map(NetworkRule::id).distinct().count());
    }

    @Test
    void rfc3986ReadingSplitsTheAuthorityItsOwnWay() throws HostParseException {
        assertEquals("evil.example", Rfc3986UrlParser.parse("https://github.com\\@evil.example/").host().serialize());
        assertEquals("github.com", Rfc3986UrlParser.parse("https://GitHub.com:443/").host().serialize());
        assertEquals(8443, Rfc3986UrlParser.parse("https://github.com:8443/").port());
        assertEquals("[fe80::1]", Rfc3986UrlParser.parse("http://[fe80::1%25eth0]/").host().serialize()); // zone id allowed
        assertThrows(HostParseException.class, () -> Rfc3986UrlParser.parse("http:github.com/"));
        assertThrows(HostParseException.class, () -> Rfc3986UrlParser.parse("https:\\\\github.com/"));
        assertThrows(HostParseException.class, () -> Rfc3986UrlParser.parse("https://git\thub.com/"));
        assertThrows(HostParseException.class, () -> Rfc3986UrlParser.parse("https://a%2fb/"));
        assertThrows(HostParseException.class, () -> Rfc3986UrlParser.parse("https://%c0%ae/"));
        assertEquals(NetworkRule.USERINFO,
                assertThrows(HostParseException.class, () -> Rfc3986UrlParser.parse("https://a@b@github.com/")).rule());
    }
}
