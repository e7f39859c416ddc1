package io.agentsafety.redaction;

/**
 * Decodes one base32 run (RFC 4648: {@code A-Z 2-7}, {@code =} padding; TOTP seeds, {@code base32} CLI output): a run
 * of the base64 prefilter that {@link Base64Blobs} rejected and that uses only the base32 alphabet. Its content must
 * be text by {@link Base64Blobs#textual}'s test; a finding in it redacts the whole run with its padding.
 */
final class Base32Blobs {

    private Base32Blobs() {
    }

    static DecodedView decode(CharSequence text, int s, int e, int paddedEnd, DecodeLimits limits) {
        if (e - s > limits.maxSpanChars() || !alphabet(text, s, e)) {
            return null;
        }
        int padded = paddedEnd;
        while (padded < text.length() && padded < e + 6 && text.charAt(padded) == '=') {
            padded++;
        }
        String decoded = Base64Blobs.textual(bytes(text, s, e), false);
        return decoded == null ? null : DecodedView.whole(decoded, s, padded, "base32");
    }

    private static boolean alphabet(CharSequence text, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7')) {
                return false;
            }
        }
        return true;
    }

    /** 5 bits per character, leftover bits dropped. */
    private static byte[] bytes(CharSequence text, int s, int e) {
        byte[] out = new byte[(e - s) * 5 / 8];
        int n = 0;
        int acc = 0;
        int bits = 0;
        for (int i = s; i < e && n < out.length; i++) {
            char c = text.charAt(i);
            acc = (acc << 5) | (c <= '7' ? c - '2' + 26 : c - 'A');
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (acc >> bits);
            }
        }
        return out;
    }
}
