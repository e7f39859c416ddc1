package io.agentsafety.approvals;

import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one text an approval is bound to. Two requests for the same action give the same bytes whatever their
 * formatting; any change of meaning gives different bytes:
 * <ul>
 *   <li>object keys sorted by UTF-16 code units (as RFC 8785 JCS), no whitespace anywhere;</li>
 *   <li>strings: {@code "} and {@code \} escaped, control characters U+0000–U+001F as {@code \b \f \n \r \t}
 *       or {@code \}{@code u00xx} (lower-case hex), everything else literal UTF-8 (lone surrogates, which have no UTF-8 form, as {@code \}{@code u} escapes);</li>
 *   <li>numbers by exact decimal value, not as doubles: trailing zeros dropped, no exponent
 *       ({@code 1.50} → {@code 1.5}, {@code 1e2} → {@code 100}, {@code -0} → {@code 0}); a value whose plain
 *       form would exceed 64 digits keeps Java's normalised scientific form ({@code 1E+100});</li>
 *   <li>{@code true}, {@code false}, {@code null} as themselves; array order is kept.</li>
 * </ul>
 * Unlike JCS, numbers are never rounded through IEEE doubles: {@code 0.1000000000000000055} and {@code 0.1} stay
 * different, as the money rules of this service require.
 */
public final class CanonicalJson {

    private static final int MAX_PLAIN_DIGITS = 64;

    private CanonicalJson() {
    }

    /** The canonical action: {@code {"action_type":…,"params":{…}}}. */
    public static String action(String actionType, JsonNode params) {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"action_type\":");
        string(actionType, out);
        out.append(",\"params\":");
        write(params, out);
        return out.append('}').toString();
    }

    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    public static String sha256(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            node.entries().forEach(entries::add);
            entries.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(entries.get(i).getKey(), out);
                out.append(':');
                write(entries.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isString()) {
            string(node.getStringValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.getBooleanValue());
        } else if (node.isNumber()) {
            out.append(number(node.getNumberValue()));
        } else {
            throw new IllegalArgumentException("unsupported JSON node");
        }
    }

    static String number(Number value) {
        BigDecimal decimal;
        if (value instanceof BigDecimal d) {
            decimal = d;
        } else if (value instanceof BigInteger i) {
            decimal = new BigDecimal(i);
        } else if (value instanceof Double || value instanceof Float) {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("non-finite number");
            }
            decimal = new BigDecimal(Double.toString(d));
        } else {
            decimal = BigDecimal.valueOf(value.longValue());
        }
        if (decimal.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = decimal.stripTrailingZeros();
        int plainDigits = Math.max(stripped.precision(), Math.abs(stripped.scale()) + 1);
        return plainDigits <= MAX_PLAIN_DIGITS ? stripped.toPlainString() : stripped.toString();
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // a lone surrogate has no UTF-8 form: escape it so two different ones never hash alike
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
