package io.agentsafety.budget;

import io.agentsafety.core.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The ledger's text form of money inside Redis: units, a dot, exactly six decimals ("12.340000"). */
public final class Amounts {

    private Amounts() {
    }

    public static String format(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("ledger amounts are never negative");
        }
        String fraction = Long.toString(micros % Money.MICROS_PER_UNIT);
        return (micros / Money.MICROS_PER_UNIT) + "." + "000000".substring(fraction.length()) + fraction;
    }

    public static long parse(String text) {
        return text == null ? 0 : parse(text, 0, text.length());
    }

    /** {@link #parse(String)} of {@code text[start, end)}, without cutting it out. */
    static long parse(String text, int start, int end) {
        if (start == end) {
            return 0;
        }
        int dot = end - 7;
        if (dot < start + 1 || text.charAt(dot) != '.') {
            throw new IllegalStateException("malformed ledger amount");
        }
        return Math.addExact(Math.multiplyExact(Long.parseLong(text, start, dot, 10), Money.MICROS_PER_UNIT),
            Long.parseLong(text, dot + 1, end, 10));
    }

    /** The amount at which a fraction of the limit is reached, rounded up to the next micro. */
    public static long fractionOf(long limitMicros, BigDecimal fraction) {
        return BigDecimal.valueOf(limitMicros).multiply(fraction).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
