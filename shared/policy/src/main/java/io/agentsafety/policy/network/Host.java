package io.agentsafety.policy.network;

import java.util.Locale;

/** A parsed host, as the WHATWG URL Standard defines it for special (http/https) URLs: a domain or an IP address. */
sealed interface Host permits Host.Domain, Host.Ipv4, Host.Ipv6 {

    /** The serialization a browser would show (WHATWG host serializer); IPv6 in brackets. */
    String serialize();

    /** An ASCII, lower-case domain after percent-decoding and IDNA; may end with a single '.' (FQDN form). */
    record Domain(String ascii) implements Host {
        @Override
        public String serialize() {
            return ascii;
        }

        /** The name without the trailing root dot: "pypi.org." and "pypi.org" are the same DNS name. */
        String withoutRootDot() {
            return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        }
    }

    /** An IPv4 address as an unsigned 32-bit value (held in a long to stay unsigned). */
    record Ipv4(long address) implements Host {
        @Override
        public String serialize() {
            return (address >>> 24 & 0xff) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
        }
    }

    /** An IPv6 address as eight 16-bit pieces. */
    record Ipv6(int[] pieces) implements Host {
        public Ipv6 {
            pieces = pieces.clone();
        }

        @Override
        public int[] pieces() {
            return pieces.clone();
        }

        int piece(int index) {
            return pieces[index];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Ipv6 that && java.util.Arrays.equals(pieces, that.pieces);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(pieces);
        }

        @Override
        public String toString() {
            return "Ipv6[" + serialize() + "]";
        }

        /** WHATWG IPv6 serializer: lower-case hex, the first longest run (length > 1) of zero pieces compressed. */
        @Override
        public String serialize() {
            int bestStart = -1;
            int bestLength = 1;
            for (int i = 0; i < 8; ) {
                if (pieces[i] != 0) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < 8 && pieces[i] == 0) {
                    i++;
                }
                if (i - start > bestLength) {
                    bestStart = start;
                    bestLength = i - start;
                }
            }
            StringBuilder out = new StringBuilder("[");
            boolean ignore0 = false;
            for (int i = 0; i < 8; i++) {
                if (ignore0 && pieces[i] == 0) {
                    continue;
                }
                ignore0 = false;
                if (i == bestStart) {
                    out.append(i == 0 ? "::" : ":");
                    ignore0 = true;
                    continue;
                }
                out.append(Integer.toHexString(pieces[i]).toLowerCase(Locale.ROOT));
                if (i != 7) {
                    out.append(':');
                }
            }
            return out.append(']').toString();
        }
    }
}
