package io.agentsafety.policy.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHATWG URL Standard's IPv4 parser (inet_aton heritage): 1 to 4 dot-separated numbers, each decimal, octal
 * (leading 0) or hex (0x), where the last number fills all remaining bytes. So 2130706433, 0177.0.0.1, 0x7f.1 and
 * 127.1 all mean 127.0.0.1. curl and most C resolvers accept the same forms, which is why they are dangerous.
 */
final class Ipv4Parser {

    private Ipv4Parser() {
    }

    /**
     * The standard's "ends in a number" check: a domain whose last label (ignoring one trailing dot) is all digits
     * or a valid 0x-hex number must be parsed as IPv4, and fails if it is not a valid address.
     */
    static boolean endsInANumber(String host) {
        List<String> parts = split(host);
        if (parts.get(parts.size() - 1).isEmpty()) {
            if (parts.size() == 1) {
                return false;
            }
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return parseNumber(last) >= 0;
    }

    /** Parses an IPv4 host; the caller has established that it ends in a number. */
    static Host.Ipv4 parse(String host) throws HostParseException {
        List<String> parts = split(host);
        if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
            parts.remove(parts.size() - 1);
        }
        if (parts.size() > 4) {
            throw new HostParseException("host '" + Evidence.clean(host) + "' ends in a number but has more than 4 parts, so it is not a valid IPv4 address");
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            long n = parseNumber(parts.get(i));
            if (n < 0) {
                throw new HostParseException("host '" + Evidence.clean(host) + "' ends in a number but part '" + parts.get(i) + "' is not a valid IPv4 number");
            }
            numbers[i] = n;
        }
        int last = numbers.length - 1;
        for (int i = 0; i < last; i++) {
            if (numbers[i] > 255) {
                throw new HostParseException("host '" + Evidence.clean(host) + "' is not a valid IPv4 address: part " + (i + 1) + " exceeds 255");
            }
        }
        if (numbers[last] >= 1L << (8 * (5 - numbers.length))) {
            throw new HostParseException("host '" + Evidence.clean(host) + "' is not a valid IPv4 address: its last part is too large");
        }
        long address = numbers[last];
        for (int i = 0; i < last; i++) {
            address += numbers[i] << (8 * (3 - i));
        }
        return new Host.Ipv4(address);
    }

    /** The standard's IPv4 number parser; returns -1 on failure. Values are capped so huge inputs cannot overflow. */
    static long parseNumber(String input) {
        if (input.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = input;
        if (digits.length() >= 2 && digits.charAt(0) == '0' && (digits.charAt(1) == 'x' || digits.charAt(1) == 'X')) {
            digits = digits.substring(2);
            radix = 16;
        } else if (digits.length() >= 2 && digits.charAt(0) == '0') {
            digits = digits.substring(1);
            radix = 8;
        }
        if (digits.isEmpty()) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), radix);
            if (digit < 0 || digits.charAt(i) > 'z') { // Character.digit accepts non-ASCII digits; the standard does not
                return -1;
            }
            // Anything above 2^32 is invalid anyway; saturate instead of overflowing on long inputs.
            value = Math.min(value * radix + digit, 1L << 40);
        }
        return value;
    }

    private static List<String> split(String host) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                parts.add(host.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }
}
