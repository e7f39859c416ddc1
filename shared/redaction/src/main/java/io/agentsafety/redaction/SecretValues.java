package io.agentsafety.redaction;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known secret values (sensitive environment variables, request {@code env} and {@code extra_secrets})
 * expanded into the forms they travel in: raw, base64 at each of the three byte alignments (a value
 * embedded in a larger base64 blob), URL-safe base64, URL-encoded and hex. Forms are matched exactly
 * with one Aho-Corasick pass.
 */
final class SecretValues {

    /** One literal to remove; {@code source} names where it came from, never the value. */
    record Literal(String form, String kind, String source) {
        @Override
        public String toString() {
            return "Literal[" + kind + " from " + source + ", length=" + form.length() + "]";
        }
    }

    /** Shorter derived forms would start matching unrelated text. */
    static final int MIN_DERIVED_LENGTH = 8;

    private SecretValues() {
    }

    static List<Literal> forms(String value, String kind, String source) {
        Map<String, Literal> out = new LinkedHashMap<>();
        out.put(value, new Literal(value, kind, source));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> derived = new ArrayList<>();
        derived.add(Base64.getEncoder().encodeToString(bytes));
        for (int shift = 0; shift < 3; shift++) {
            String aligned = alignedBase64(bytes, shift);
            if (aligned != null) {
                derived.add(aligned);
                derived.add(aligned.replace('+', '-').replace('/', '_'));
            }
        }
        derived.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        derived.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        derived.add(HexFormat.of().formatHex(bytes));
        derived.add(HexFormat.of().withUpperCase().formatHex(bytes));
        for (String d : derived) {
            if (d.length() >= MIN_DERIVED_LENGTH && !d.equals(value)) {
                out.putIfAbsent(d, new Literal(d, kind, source));
            }
        }
        return List.copyOf(out.values());
    }

    /** UTF-8 length without encoding: the size limits count bytes, as the encoded forms grow with them. */
    static long utf8Length(String value) {
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * The base64 characters that depend only on the value when it starts {@code shift} bytes into a
     * 3-byte group: characters mixing in unknown neighbour bits at either end are dropped.
     */
    static String alignedBase64(byte[] value, int shift) {
        byte[] padded = new byte[shift + value.length];
        System.arraycopy(value, 0, padded, shift, value.length);
        int whole = (padded.length / 3) * 3;
        if (whole == 0) {
            return null;
        }
        String encoded = Base64.getEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(padded, whole));
        int skip = shift == 0 ? 0 : shift + 1;
        return skip >= encoded.length() ? null : encoded.substring(skip);
    }
}
