package io.agentsafety.policy.network;

import java.net.IDN;
import java.util.Locale;

/**
 * WHATWG "domain to ASCII" (UTS #46 ToASCII, non-transitional, CheckHyphens=false, UseSTD3ASCIIRules=false,
 * VerifyDnsLength=false), built on java.net.IDN (IDNA2003 nameprep: NFKC + case folding, the same mapping UTS #46
 * keeps for compatibility) with the differences closed in the fail-closed direction:
 * <ul>
 * <li>Deviation characters (ß, ς, ZWJ, ZWNJ) map differently under IDNA2003/transitional processing (curl, Python)
 *     and non-transitional processing (browsers): two readings, so the host is refused as a parser disagreement.</li>
 * <li>Code points unassigned in IDN's Unicode 3.2 tables are refused (no ALLOW_UNASSIGNED): newer characters may
 *     map differently in current UTS #46 tables.</li>
 * <li>"xn--" labels must be valid, canonical Punycode (decode, re-encode, compare), as UTS #46 requires.</li>
 * <li>A label that maps to something containing a dot (e.g. U+2488 "⒈" to "1.") is refused.</li>
 * <li>Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), invisible and disallowed by UTS #46 but valid in IDNA2003,
 *     are refused.</li>
 * </ul>
 * Mapping is done label by label, splitting on the four IDNA dots (. U+3002 U+FF0E U+FF61).
 */
final class DomainToAscii {

    private DomainToAscii() {
    }

    static String toAscii(String domain) throws HostParseException {
        if (isPlainAscii(domain)) {
            return domain.toLowerCase(Locale.ROOT); // the standard's fast path: ASCII lower-casing only
        }
        StringBuilder out = new StringBuilder(domain.length() + 16);
        int start = 0;
        for (int i = 0; i <= domain.length(); i++) {
            if (i == domain.length() || isIdnaDot(domain.charAt(i))) {
                out.append(label(domain.substring(start, i)));
                if (i < domain.length()) {
                    out.append('.');
                }
                start = i + 1;
            }
        }
        String result = out.toString();
        if (result.isEmpty()) {
            throw new HostParseException("the host is empty after IDNA mapping");
        }
        return result;
    }

    private static String label(String label) throws HostParseException {
        if (label.isEmpty()) {
            return label;
        }
        String ascii;
        if (label.chars().allMatch(c -> c < 0x80)) {
            ascii = label.toLowerCase(Locale.ROOT);
        } else {
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c == '\u00DF' || c == '\u03C2' || c == '\u200C' || c == '\u200D') {
                    throw new HostParseException(NetworkRule.PARSER_DISAGREEMENT, String.format(
                            "host label '%s' contains the IDNA deviation character U+%04X, which browsers and curl/Python map differently",
                            Evidence.clean(label), (int) c));
                }
                if (c == '\u115F' || c == '\u1160' || c == '\u3164' || c == '\uFFA0') {
                    throw new HostParseException(String.format(
                            "host label '%s' contains the invisible Hangul filler U+%04X, which UTS #46 disallows",
                            Evidence.clean(label), (int) c));
                }
            }
            try {
                ascii = IDN.toASCII(label, 0).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new HostParseException("host label '" + Evidence.clean(label) + "' is not a valid internationalized name (IDNA): "
                        + e.getMessage().replaceFirst("^java\\.text\\.ParseException: ", ""));
            }
            if (ascii.indexOf('.') >= 0) {
                throw new HostParseException("host label '" + Evidence.clean(label) + "' maps to text containing a dot under IDNA");
            }
        }
        if (ascii.startsWith("xn--")) {
            checkPunycode(ascii);
        }
        return ascii;
    }

    /** UTS #46 validity for ACE labels: decodable Punycode whose re-encoding is the same label. */
    private static void checkPunycode(String ace) throws HostParseException {
        String decoded;
        String reencoded;
        try {
            decoded = IDN.toUnicode(ace, 0);
            reencoded = decoded.equals(ace) ? "" : IDN.toASCII(decoded, 0).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            reencoded = "";
        }
        if (!reencoded.equals(ace)) {
            throw new HostParseException("host label '" + Evidence.clean(ace) + "' is not valid Punycode (xn--) for a normalized name");
        }
    }

    private static boolean isPlainAscii(String domain) {
        int labelStart = 0;
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            if (c == '.') {
                labelStart = i + 1;
            } else if (i == labelStart + 3 && domain.regionMatches(true, labelStart, "xn--", 0, 4)) {
                return false;
            }
        }
        return true;
    }

    static boolean isIdnaDot(char c) {
        return c == '.' || c == '\u3002' || c == '\uFF0E' || c == '\uFF61';
    }
}
