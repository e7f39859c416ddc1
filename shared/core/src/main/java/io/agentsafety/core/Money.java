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

    public static Parsed parse(JsonNode value) {
        BigDecimal decimal;
        if (value.isNumber()) {
            decimal = JsonFields.toDecimal(value);
        } else if (value.isString()) {
            decimal = parseText(value.getStringValue());
        } else {
            return new Parsed(0, "must be a decimal number or a decimal string");
        }
        if (decimal == null) {
            return new Parsed(0, "must be a finite decimal number such as 12.50");
        }
        return fromDecimal(decimal);
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

    /** Plain decimal text only: no exponent, no hex, no NaN/Infinity, no thousands separators. */
    static BigDecimal parseText(String text) {
        String t = text.trim();
        if (!t.matches("[+-]?(\\d{1,13}(\\.\\d{1,20})?|\\.\\d{1,20})")) {
            return null;
        }
        return new BigDecimal(t);
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
