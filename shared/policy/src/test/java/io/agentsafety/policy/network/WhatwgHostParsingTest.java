package io.agentsafety.policy.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WHATWG URL Standard's host and authority rules, case by case. Expected values follow the standard (and were
 * cross-checked against Node's WHATWG URL implementation while building the parser).
 */
class WhatwgHostParsingTest {

    private static String host(String url) throws HostParseException {
        return WhatwgUrlParser.parse(url).host().serialize();
    }

    @ParameterizedTest(name = "IPv4 {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "http://127.0.0.1/;127.0.0.1",
            "http://2130706433/;127.0.0.1",            // one number fills all four bytes
            "http://0177.0.0.1/;127.0.0.1",            // leading zero = octal
            "http://0x7f.1/;127.0.0.1",                // hex, last part fills three bytes
            "http://0X7F.0X0.0X0.0X1/;127.0.0.1",      // upper-case 0X
            "http://127.1/;127.0.0.1",                 // short form
            "http://127.0.1/;127.0.0.1",
            "http://1.256/;1.0.1.0",                   // last part may exceed 255 when it fills more bytes
            "http://4294967295/;255.255.255.255",
            "http://0x/;0.0.0.0",                      // '0x' alone is zero
            "http://0x.0x.0/;0.0.0.0",
            "http://1.2.3.4./;1.2.3.4",                // one trailing dot is dropped
            "http://0xffffffff/;255.255.255.255",
            "http://%31%32%37.0.0.1/;127.0.0.1",       // percent-decoded before the number check
            "http://①②⑦.0.0.1/;127.0.0.1",            // IDNA maps enclosed digits before the number check
            "http://000000000000000000000000000177.1/;127.0.0.1", // long octal, no overflow
    })
    void ipv4NumberForms(String url, String expected) throws HostParseException {
        assertEquals(expected, host(url));
    }

    @ParameterizedTest(name = "invalid IPv4 {0}")
    @ValueSource(strings = {
            "http://1.2.3.4.5/",        // ends in a number, more than 4 parts
            "http://256.0.0.1/",        // non-last part above 255
            "http://4294967296/",       // above 2^32-1
            "http://1.0x1000000/",      // last part too large for 3 bytes
            "http://1.2.3.09/",         // 09 is not octal
            "http://github.com.1/",     // ends in a number: must be IPv4, and is not
            "http://github.0x1/",       // hex last label also ends in a number
            "http://99999999999999999999999999/",
    })
    void endsInANumberButIsNotIpv4(String url) {
        assertThrows(HostParseException.class, () -> host(url));
    }

    @ParameterizedTest(name = "not a number: {0}")
    @CsvSource(delimiter = ';', value = {
            "http://github.0xg/;github.0xg",           // 0xg is not a valid number, so it stays a domain
            "http://1.2.3.08a/;1.2.3.08a",
            "http://a1/;a1",
            "http://1.2.3.4../;1.2.3.4..",             // only one empty last part is dropped: not a number
            "http://%2e/;.",                           // a lone dot; the policy denies its empty labels
    })
    void labelsThatAreNotNumbersStayDomains(String url, String expected) throws HostParseException {
        assertEquals(expected, host(url));
    }

    @ParameterizedTest(name = "IPv6 {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "http://[::1]/;[::1]",
            "http://[0:0:0:0:0:0:0:1]/;[::1]",
            "http://[0000::0001]/;[::1]",
            "http://[::ffff:127.0.0.1]/;[::ffff:7f00:1]",   // embedded IPv4 tail
            "http://[::ffff:7f00:1]/;[::ffff:7f00:1]",
            "http://[1:2:3:4:5:6:7:8]/;[1:2:3:4:5:6:7:8]",
            "http://[1:2:3:4:5:6:1.2.3.4]/;[1:2:3:4:5:6:102:304]",
            "http://[1:0:0:2:0:0:0:3]/;[1:0:0:2::3]",      // longest zero run is compressed
            "http://[FE80::A]/;[fe80::a]",
    })
    void ipv6Forms(String url, String expected) throws HostParseException {
        assertEquals(expected, host(url));
    }

    @ParameterizedTest(name = "invalid IPv6 {0}")
    @ValueSource(strings = {
            "http://[1:2:3:4:5:6:7:8:9]/", "http://[1::2::3]/", "http://[:1]/", "http://[1:]/",
            "http://[::1.2.3]/", "http://[::1.2.3.04]/", "http://[::ffff:1.2.3.256]/", "http://[00000::1]/",
            "http://[1:2:3:4:5:6:7:1.2.3.4]/", "http://[fe80::1%25eth0]/", "http://[::1]x/", "http://[::1/",
            "http://[g::1]/",
    })
    void invalidIpv6(String url) {
        assertThrows(HostParseException.class, () -> host(url));
    }

    @ParameterizedTest(name = "domain {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "http://GitHub.COM/;github.com",
            "http://%67ithub.com/;github.com",             // percent-decoding, then validation
            "http://github%2ecom/;github.com",
            "http://%ef%bd%87ithub.com/;github.com",       // percent-encoded UTF-8 fullwidth g
            "http://ｇｉｔｈｕｂ.com/;github.com",          // IDNA maps fullwidth letters
            "http://github。com/;github.com",              // ideographic full stop is a label separator
            "http://ＡＢ．ｃｏｍ/;ab.com",
            "http://git\u00ADhub.com/;github.com",         // soft hyphen is ignored by IDNA
            "http://münchen.de/;xn--mnchen-3ya.de",
            "http://XN--MNCHEN-3YA.DE/;xn--mnchen-3ya.de",
            "http://İstanbul.com/;xn--istanbul-o0e.com",
            "http://ﬁle.com/;file.com",                     // ligature decomposes
            "http://github.com./;github.com.",             // the root dot is kept by the parser
            "http://*.github.com/;*.github.com",           // WHATWG accepts '*'; the policy denies it later
    })
    void domains(String url, String expected) throws HostParseException {
        assertEquals(expected, host(url));
    }

    @ParameterizedTest(name = "forbidden or invalid host {0}")
    @ValueSource(strings = {
            "http://github.com%2F/", "http://a%40b/", "http://a%00b/", "http://a%3Ab/", "http://a%5Cb/",
            "http://%zz/", "http://a%/", "http://a b/", "http://a<b/", "http://a^b/", "http://a|b/",
            "http://%C0%AE/",              // overlong UTF-8 becomes U+FFFD, which IDNA refuses
            "http://xn--zz.com/", "http://xn--.com/", // invalid Punycode
            "http://⒈.com/",               // maps to "1." (a dot inside a label)
            "http://Ｇ＠evil.com/",         // fullwidth @ maps to a forbidden '@'
            "http://a\u3164b.com/",         // invisible Hangul filler
            "http://a\u00A0b.com/",         // NBSP maps to a space
    })
    void forbiddenHosts(String url) {
        assertThrows(HostParseException.class, () -> host(url));
    }

    @ParameterizedTest(name = "deviation character in {0}")
    @ValueSource(strings = {"http://fa\u00DF.de/", "http://\u03C2.com/", "http://a\u200Db.com/", "http://a\u200Cb.com/"})
    void idnaDeviationCharactersAreADisagreement(String url) {
        HostParseException e = assertThrows(HostParseException.class, () -> host(url));
        assertEquals(NetworkRule.PARSER_DISAGREEMENT, e.rule());
    }

    @ParameterizedTest(name = "authority of {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "http:github.com/;github.com",                 // special schemes skip missing slashes
            "https:\\\\github.com/;github.com",            // backslashes are slashes
            "https:///github.com/;github.com",             // and extra slashes are skipped
            "https://\\/github.com/;github.com",
            "http://github.com\\@evil.com/;github.com",    // '\' ends the authority
            "http://evil.com\\@github.com/;evil.com",
            "http://a@b@github.com/;github.com",           // the last '@' ends the userinfo
            "http://github.com@evil.com/;evil.com",
            "http://github.com:443@evil.com/;evil.com",
            "http://evil.com#@github.com/;evil.com",
            "http://evil.com?@github.com/;evil.com",
            "HtTpS://github.com/;github.com",
    })
    void authoritySplitting(String url, String expected) throws HostParseException {
        assertEquals(expected, host(url));
    }

    @Test
    void tabsAndNewlinesAreRemovedAndControlsTrimmed() throws HostParseException {
        assertEquals("github.com", host("http://git\thub.com/"));
        assertEquals("github.com", host("http://git\nhub.com/"));
        assertEquals("github.com", host("http://git\r\nhub.com/"));
        assertEquals("github.com.attacker.example", host("https://github.com\t.attacker.example/"));
        assertEquals("github.com", host(" \u0001http://github.com/ \u0000"));
        assertEquals("github.com", host("ht\ttp://github.com/"));
    }

    @ParameterizedTest(name = "port of {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "https://github.com/;443", "http://github.com/;80", "https://github.com:443/;443", "https://github.com:0443/;443",
            "https://github.com:/;443", "https://github.com:8443/;8443", "http://[::1]:99/;99", "http://github.com:0/;0",
    })
    void ports(String url, int expected) throws HostParseException {
        assertEquals(expected, WhatwgUrlParser.parse(url).port());
    }

    @ParameterizedTest(name = "bad port {0}")
    @ValueSource(strings = {"https://github.com:65536/", "https://github.com:-1/", "https://github.com:1a/",
            "https://github.com:80:80/", "https://github.com: 80/", "https://github.com:+443/", "https://github.com:99999999999999999999/"})
    void badPorts(String url) {
        assertThrows(HostParseException.class, () -> WhatwgUrlParser.parse(url));
    }

    @ParameterizedTest(name = "no host in {0}")
    @ValueSource(strings = {"http://", "http:///", "http://user@/", "http://:80/", "https://?x", "https://#x"})
    void emptyHosts(String url) {
        assertThrows(HostParseException.class, () -> WhatwgUrlParser.parse(url));
    }

    @Test
    void nonHttpSchemesAreReadButNotParsedFurther() throws HostParseException {
        ParsedUrl ftp = WhatwgUrlParser.parse("FTP://files.example/");
        assertEquals("ftp", ftp.scheme());
        assertEquals(null, ftp.host());
        assertEquals("localhost", WhatwgUrlParser.parse("localhost:8080").scheme()); // a scheme by the grammar
    }

    @ParameterizedTest(name = "no scheme: {0}")
    @ValueSource(strings = {"github.com/x", "127.0.0.1:9000/admin", "//github.com/", "/etc/passwd", "1http://x/", ":x"})
    void inputsWithoutSchemeFail(String url) {
        HostParseException e = assertThrows(HostParseException.class, () -> WhatwgUrlParser.parse(url));
        assertEquals(NetworkRule.SCHEME, e.rule());
    }

    @Test
    void endsInANumberFollowsTheStandard() {
        assertTrue(Ipv4Parser.endsInANumber("a.1"));
        assertTrue(Ipv4Parser.endsInANumber("a.0x"));
        assertTrue(Ipv4Parser.endsInANumber("a.1."));
        assertEquals(false, Ipv4Parser.endsInANumber("a.b"));
        assertEquals(false, Ipv4Parser.endsInANumber("1a"));
        assertEquals(false, Ipv4Parser.endsInANumber("."));
    }
}
