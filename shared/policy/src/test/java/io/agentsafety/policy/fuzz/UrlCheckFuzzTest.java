package io.agentsafety.policy.fuzz;

import io.agentsafety.testing.fuzz.FuzzBounds;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentsafety.policy.RuleMatch;
import io.agentsafety.policy.Verdict;
import io.agentsafety.policy.network.NetworkAssessment;
import io.agentsafety.policy.network.NetworkPolicy;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The URL check of {@code network_access} (and of URLs fetched inside commands): any string read as a URL, and as a
 * host with a port, gives a decision within the time bound. A denial names its rules; an allow is only ever an
 * http(s) URL to an allowlisted name on an allowed port; the analysis never fails internally.
 */
class UrlCheckFuzzTest {

    private static final NetworkPolicy POLICY = NetworkPolicy.fromAllowlist("trusted.example,*.cdn.example,api.example.org:8443");
    private static final Set<String> SCHEMES = Set.of("http", "https");
    private static final Pattern INTERNAL_FAILURE =
        Pattern.compile("network access denied: the (URL|host) could not be analysed \\([A-Za-z0-9_$]+\\)");

    @FuzzTest(maxDuration = "10s")
    @Timeout(FuzzBounds.HANG_SECONDS)
    void anyUrlOrHostGetsADecision(byte[] data) {
        String text = FuzzBounds.text(data);
        NetworkAssessment url = FuzzBounds.withinTimeBound("assessUrl", () -> POLICY.assessUrl(text));
        check(url);
        if (url.allowed()) {
            assertTrue(SCHEMES.contains(url.scheme()), "allowed scheme " + url.scheme());
            assertTrue(allowlisted(url.host(), url.scheme(), url.port()), "allowed " + url.host() + ":" + url.port());
        }
        assertEquals(url, POLICY.assessUrl(text), "the decision must not depend on earlier calls");

        Integer port = data.length == 0 ? null : (data[data.length - 1] & 0xFF) * 257 - 1;
        NetworkAssessment host = FuzzBounds.withinTimeBound("assessHostPort", () -> POLICY.assessHostPort(text, port));
        check(host);
        if (host.allowed()) {
            assertTrue(allowlisted(host.host(), null, port), "allowed host " + host.host() + ":" + port);
        }
    }

    private static void check(NetworkAssessment assessment) {
        assertNotNull(assessment.reason());
        if (!assessment.allowed()) {
            assertFalse(assessment.matches().isEmpty(), "a denial names its rules: " + assessment.reason());
        }
        for (RuleMatch match : assessment.matches()) {
            assertEquals(Verdict.DENY, match.verdict(), match.id());
        }
        // the policy's catch-all: an exception while parsing, turned into a denial (fail closed, but a bug); the
        // whole reason is matched because the reason may quote the input, which may hold these words
        assertFalse(INTERNAL_FAILURE.matcher(assessment.reason()).matches(),
            "the network policy failed internally: " + assessment.reason());
    }

    /** The allowlist above, written out independently of the policy's own matching. */
    private static boolean allowlisted(String host, String scheme, Integer port) {
        if (host == null) {
            return false;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        // an entry without a port: the scheme's default port, or for a bare host no port, 80 or 443
        boolean defaultPort = scheme == null ? port == null || port == 80 || port == 443
            : port != null && port == (scheme.equals("https") ? 443 : 80);
        return name.equals("trusted.example") && defaultPort
            || name.endsWith(".cdn.example") && name.length() > ".cdn.example".length() && defaultPort
            || name.equals("api.example.org") && port != null && port == 8443;
    }
}
