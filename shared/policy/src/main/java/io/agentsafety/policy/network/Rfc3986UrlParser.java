package io.agentsafety.policy.network;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The RFC 3986 reading of a URL (Appendix B split, as curl and Python's urllib do it): the scheme ends at the first
 * ':'; an authority exists only after exactly "//" and ends at the first '/', '?' or '#' (a backslash is an
 * ordinary character here, unlike WHATWG); userinfo ends at the '@'; a bracketed IPv6 literal may carry a zone
 * id; a reg-name host may hold percent-encoded unreserved characters or UTF-8, nothing else. Tabs and newlines are
 * not removed. The host is then normalized like WHATWG (IDNA, numeric IPv4 forms as curl normalizes them), so
 * the two readings differ exactly where their grammars split the string differently.
 */
final class Rfc3986UrlParser {

    private Rfc3986UrlParser() {
    }

    static ParsedUrl parse(String raw) throws HostParseException {
        String input = WhatwgUrlParser.trimControlAndSpace(raw);
        int colon = WhatwgUrlParser.schemeEnd(input);
        if (colon < 0) {
            throw new HostParseException(NetworkRule.SCHEME, "no valid scheme under RFC 3986");
        }
        String scheme = input.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!ParsedUrl.isHttp(scheme)) {
            return new ParsedUrl(scheme, null, null, 0);
        }
        if (!input.startsWith("//", colon + 1)) {
            throw new HostParseException("no authority: RFC 3986 needs '//' after '" + scheme + ":'");
        }
        int start = colon + 3;
        int end = start;
        while (end < input.length() && "/?#".indexOf(input.charAt(end)) < 0) {
            end++;
        }
        String authority = input.substring(start, end);
        int atSigns = (int) authority.chars().filter(c -> c == '@').count();
        if (atSigns > 1) {
            throw new HostParseException(NetworkRule.USERINFO,
                    "the authority has " + atSigns + " '@': curl and urllib disagree on where the userinfo ends");
        }
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        String hostText;
        String rest;
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0) {
                throw new HostParseException("IPv6 literal without ']'");
            }
            hostText = hostAndPort.substring(0, close + 1);
            rest = hostAndPort.substring(close + 1);
        } else {
            int portColon = hostAndPort.indexOf(':');
            hostText = portColon < 0 ? hostAndPort : hostAndPort.substring(0, portColon);
            rest = portColon < 0 ? "" : hostAndPort.substring(portColon);
        }
        if (!rest.isEmpty() && rest.charAt(0) != ':') {
            throw new HostParseException("text after the IPv6 literal is not a port");
        }
        Integer port = rest.isEmpty() ? null : WhatwgUrlParser.parsePort(rest.substring(1));
        Host host = parseHost(hostText);
        return new ParsedUrl(scheme, host, port == null ? ParsedUrl.defaultPort(scheme) : port, atSigns);
    }

    private static Host parseHost(String text) throws HostParseException {
        if (text.isEmpty()) {
            throw new HostParseException("empty host");
        }
        if (text.startsWith("[")) {
            String literal = text.substring(1, text.length() - 1);
            int zone = literal.indexOf("%25");
            if (literal.startsWith("v") || literal.startsWith("V")) {
                throw new HostParseException("IPvFuture literals name no reachable host");
            }
            return Ipv6Parser.parse(zone < 0 ? literal : literal.substring(0, zone));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0 || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new HostParseException("a '%' in the host is not a percent-encoded octet");
                }
                int octet = Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16);
                if (octet < 0x80 && !isUnreserved((char) octet)) {
                    throw new HostParseException("percent-encoded " + WhatwgHostParser.describe((char) octet)
                            + " is not allowed in a host name");
                }
                i += 2;
            } else if (c < 0x80 && !isUnreserved(c) && "!$&'()*+,;=".indexOf(c) < 0) {
                throw new HostParseException("character " + WhatwgHostParser.describe(c) + " is not allowed in an RFC 3986 host");
            }
        }
        String decoded = WhatwgHostParser.percentDecode(text);
        if (!decoded.equals(text)) {
            requireUtf8(text);
        }
        return WhatwgHostParser.parse(text);
    }

    private static void requireUtf8(String text) throws HostParseException {
        byte[] bytes = new byte[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                bytes[n++] = (byte) Integer.parseInt(text.substring(i + 1, i + 3), 16);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                return; // raw non-ASCII mixed in: IDNA below decides
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
        } catch (CharacterCodingException e) {
            throw new HostParseException("percent-encoded host is not valid UTF-8");
        }
    }

    private static boolean isUnreserved(char c) {
        return WhatwgUrlParser.isAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
