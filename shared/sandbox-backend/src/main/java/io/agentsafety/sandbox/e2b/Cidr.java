package io.agentsafety.sandbox.e2b;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 CIDR parsed from a literal (never a DNS lookup), for overlap checks. */
record Cidr(BigInteger network, int prefix, int bits) {

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$");

    /** Parses {@code a.b.c.d[/n]} or an IPv6 literal {@code [/n]}; null when it is not an IP literal (a host name). */
    static Cidr parse(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.contains("]")) {
            s = s.substring(1, s.indexOf(']')) + s.substring(s.indexOf(']') + 1);
        }
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4 && !IPV6.matcher(address).matches()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (prefix < 0 || prefix > bits) {
            return null;
        }
        BigInteger value = new BigInteger(1, bytes);
        return new Cidr(mask(value, prefix, bits), prefix, bits);
    }

    /** Two ranges of the same family share at least one address. */
    boolean overlaps(Cidr other) {
        if (bits != other.bits) {
            return false;
        }
        int shorter = Math.min(prefix, other.prefix);
        return mask(network, shorter, bits).equals(mask(other.network, shorter, bits));
    }

    private static BigInteger mask(BigInteger value, int prefix, int bits) {
        return value.shiftRight(bits - prefix).shiftLeft(bits - prefix);
    }
}
