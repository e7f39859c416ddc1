package io.agentsafety.core;

import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;

/**
 * Money as exact integer micro-units (1 unit = 1,000,000 micros). Parsing goes through
 * {@link BigDecimal} from the JSON text, never through a double, so 0.1 + 0.2 is 0.3.
 */
public final class Money {

    public static final int SCALE = 6;
    public static final long MICROS_PER_UNIT = 1_000_000L;
    public static final BigDecimal MAX_UNITS = BigDecimal.TEN.pow(12);

    private Money() {
    }

    public record Parsed(long micros, String error) {
    }

    /**
     * The one text form of an amount: the JSON number grammar without exponent, at most 6 decimals
     * ({@code 12.50}, {@code 0.000001}, {@code -3}): no '+', no whitespace, no leading zeros, no '.5' or '5.'.
     */
    private static final java.util.regex.Pattern CANONICAL = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]{0,12})(\\.[0-9]{1,6})?");
    private static final java.util.regex.Pattern DECIMAL_SHAPE = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    static final String TEXT_RULE = "must be a JSON number or a decimal string such as \"12.50\" (no sign '+', spaces, "
        + "exponent or leading zeros; at most " + SCALE + " decimals)";

    /**
     * An amount as the API accepts it: a JSON number (exact, any notation JSON allows, at most 6 decimals
     * of value) or a string in the {@link #CANONICAL} form. Anything else (" 1", "+1", "1e3", "01") is an
     * error naming the rule, so a client never has its amount silently re-read.
     */
    public static Parsed parse(JsonNode value) {
        BigDecimal decimal;
        if (value.isNumber()) {
            decimal = JsonFields.toDecimal(value);
        } else if (value.isString()) {
            String text = value.getStringValue();
            if (!CANONICAL.matcher(text).matches()) {
                return new Parsed(0, tooPrecise(text) ? "must have at most " + SCALE + " decimal places"
                    : tooLarge(text) ? "must be at most 1000000000000" : TEXT_RULE);
            }
            decimal = new BigDecimal(text);
        } else {
            return new Parsed(0, "must be a decimal number or a decimal string");
        }
        if (decimal == null) {
            return new Parsed(0, "must be a finite decimal number such as 12.50");
        }
        return fromDecimal(decimal);
    }

    /** Well-formed but with more than 6 decimals: worth its own message. */
    private static boolean tooPrecise(String text) {
        return DECIMAL_SHAPE.matcher(text).matches() && text.indexOf('.') >= 0 && text.length() - text.indexOf('.') - 1 > SCALE;
    }

    private static boolean tooLarge(String text) {
        return DECIMAL_SHAPE.matcher(text).matches() && !text.startsWith("0") && !text.startsWith("-0")
            && (text.indexOf('.') < 0 ? text.length() : text.indexOf('.')) - (text.startsWith("-") ? 1 : 0) > 13;
    }

    public static Parsed fromDecimal(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.scale() > SCALE) {
            return new Parsed(0, "must have at most " + SCALE + " decimal places");
        }
        if (stripped.abs().compareTo(MAX_UNITS) > 0) {
            return new Parsed(0, "must be at most 1000000000000");
        }
        return new Parsed(stripped.movePointRight(SCALE).longValueExact(), null);
    }

    /** Micro-units as an exact decimal with no trailing zeros and never in exponent form. */
    public static BigDecimal toDecimal(long micros) {
        BigDecimal d = BigDecimal.valueOf(micros, SCALE).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    public static long toMicros(BigDecimal units) {
        return units.movePointRight(SCALE).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
    }

}
