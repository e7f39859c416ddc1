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
        return (micros / Money.MICROS_PER_UNIT) + "." + String.format("%06d", micros % Money.MICROS_PER_UNIT);
    }

    public static long parse(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return Money.toMicros(new BigDecimal(text));
    }

    /** The amount at which a fraction of the limit is reached, rounded up to the next micro. */
    public static long fractionOf(long limitMicros, BigDecimal fraction) {
        return BigDecimal.valueOf(limitMicros).multiply(fraction).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
