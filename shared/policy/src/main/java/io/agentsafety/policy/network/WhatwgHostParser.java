package io.agentsafety.policy.network;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The WHATWG URL Standard's host parser for special schemes: "[...]" is IPv6; anything else is percent-decoded
 * (as UTF-8 bytes), mapped to ASCII with IDNA, checked for forbidden domain code points, and, if it ends in a
 * number, parsed as IPv4. So "%67ithub.com" is github.com, "%2F" or "%40" in a host fail, fullwidth letters fold to
 * ASCII and "①②⑦.0.0.1" is 127.0.0.1.
 */
final class WhatwgHostParser {

    private WhatwgHostParser() {
    }

    static Host parse(String input) throws HostParseException {
        if (input.isEmpty()) {
            throw new HostParseException("the host is empty");
        }
        if (input.charAt(0) == '[') {
            if (input.charAt(input.length() - 1) != ']') {
                throw new HostParseException("IPv6 host '" + Evidence.clean(input) + "' has no closing ']'");
            }
            return Ipv6Parser.parse(input.substring(1, input.length() - 1));
        }
        String domain = percentDecode(input);
        String ascii = DomainToAscii.toAscii(domain);
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (isForbiddenDomainCodePoint(c)) {
                throw new HostParseException(String.format("host '%s' contains the forbidden character %s%s",
                        Evidence.clean(ascii), describe(c), domain.equals(input) ? "" : " (after percent-decoding)"));
            }
        }
        if (Ipv4Parser.endsInANumber(ascii)) {
            return Ipv4Parser.parse(ascii);
        }
        return new Host.Domain(ascii);
    }

    /** Percent-decodes the UTF-8 bytes of the input; invalid UTF-8 becomes U+FFFD, which IDNA then refuses. */
    static String percentDecode(String input) {
        if (input.indexOf('%') < 0) {
            return input;
        }
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static boolean isForbiddenHostCodePoint(char c) {
        return switch (c) {
            case '\u0000', '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|' -> true;
            default -> false;
        };
    }

    static boolean isForbiddenDomainCodePoint(char c) {
        return isForbiddenHostCodePoint(c) || c <= 0x1f || c == '%' || c == 0x7f;
    }

    static String describe(char c) {
        return c <= 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : String.format("'%s' (%%%02X)", c, (int) c);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
