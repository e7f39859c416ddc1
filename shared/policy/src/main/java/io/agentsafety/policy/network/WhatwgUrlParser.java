package io.agentsafety.policy.network;

import java.util.Locale;

/**
 * The parts of the WHATWG URL Standard's basic URL parser (no base URL, no state override) that decide the
 * destination of an http(s) URL, as browsers and WHATWG libraries (Node, Deno, ada, rust-url) read it:
 * <ol>
 * <li>leading/trailing C0 controls and spaces are trimmed; every tab, CR and LF inside is removed;</li>
 * <li>scheme: ASCII alpha then alphanumerics, '+', '-', '.', up to ':'; without one the URL fails (no base);</li>
 * <li>for http/https, any run of '/' and '\' after "scheme:" is skipped ("http:evil.com", "https:\\evil.com",
 *     "https:///evil.com" all reach evil.com);</li>
 * <li>the authority ends at the first '/', '\', '?' or '#'; the last '@' in it ends the userinfo;</li>
 * <li>host and port split on the first ':' outside brackets; the port is ASCII digits &lt;= 65535, an empty port
 *     means the default one; the host goes through {@link WhatwgHostParser}.</li>
 * </ol>
 */
final class WhatwgUrlParser {

    private WhatwgUrlParser() {
    }

    static ParsedUrl parse(String raw) throws HostParseException {
        String input = removeTabAndNewline(trimControlAndSpace(raw));
        int colon = schemeEnd(input);
        if (colon < 0) {
            throw new HostParseException(NetworkRule.SCHEME, "the URL has no scheme; only absolute http:// or https:// URLs can be allowed");
        }
        String scheme = input.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!ParsedUrl.isHttp(scheme)) {
            return new ParsedUrl(scheme, null, null, 0);
        }
        int pointer = colon + 1;
        while (pointer < input.length() && (input.charAt(pointer) == '/' || input.charAt(pointer) == '\\')) {
            pointer++;
        }
        int authorityEnd = pointer;
        while (authorityEnd < input.length() && !endsAuthority(input.charAt(authorityEnd))) {
            authorityEnd++;
        }
        String authority = input.substring(pointer, authorityEnd);
        int lastAt = authority.lastIndexOf('@');
        int atSigns = (int) authority.chars().filter(c -> c == '@').count();
        String hostAndPort = authority.substring(lastAt + 1);
        if (lastAt >= 0 && hostAndPort.isEmpty()) {
            throw new HostParseException("the URL has userinfo but no host after the '@'");
        }
        int portColon = portColon(hostAndPort);
        String hostText = portColon < 0 ? hostAndPort : hostAndPort.substring(0, portColon);
        if (hostText.isEmpty()) {
            throw new HostParseException("the URL has an empty host");
        }
        Integer port = portColon < 0 ? null : parsePort(hostAndPort.substring(portColon + 1));
        Host host = WhatwgHostParser.parse(hostText);
        return new ParsedUrl(scheme, host, port == null ? ParsedUrl.defaultPort(scheme) : port, atSigns);
    }

    /** The port state: ASCII digits only, at most 65535; empty means "no port". The text itself is never quoted. */
    static Integer parsePort(String text) throws HostParseException {
        if (text.isEmpty()) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new HostParseException("the port is not a decimal number");
            }
            value = Math.min(value * 10 + (c - '0'), 1L << 20);
        }
        if (value > 65535) {
            throw new HostParseException("the port is out of range (0-65535)");
        }
        return (int) value;
    }

    /** Index of the ':' that starts the scheme's end, or -1 when the input has no valid scheme. */
    static int schemeEnd(String input) {
        if (input.isEmpty() || !isAsciiAlpha(input.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    private static int portColon(String hostAndPort) {
        boolean insideBrackets = false;
        for (int i = 0; i < hostAndPort.length(); i++) {
            char c = hostAndPort.charAt(i);
            if (c == '[') {
                insideBrackets = true;
            } else if (c == ']') {
                insideBrackets = false;
            } else if (c == ':' && !insideBrackets) {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsAuthority(char c) {
        return c == '/' || c == '\\' || c == '?' || c == '#';
    }

    static String trimControlAndSpace(String input) {
        int start = 0;
        int end = input.length();
        while (start < end && input.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && input.charAt(end - 1) <= 0x20) {
            end--;
        }
        return input.substring(start, end);
    }

    private static String removeTabAndNewline(String input) {
        if (input.indexOf('\t') < 0 && input.indexOf('\n') < 0 && input.indexOf('\r') < 0) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    static boolean isAsciiAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
