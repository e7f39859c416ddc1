package io.agentsafety.budget;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a budget's own event stream ({@code budget:{run_id}:events}), written by the script that
 * caused it: its stream id (unique per run, repeated by the global copy as {@code ledger_event_id}), the
 * script's token ({@code threshold:0.8}, {@code exceeded}, {@code circuit_opened}, {@code overrun:…}) and
 * the budget as that script left it. Money in micro-units, time in epoch milliseconds.
 */
public record LedgerEvent(String id, String token, long spentMicros, long limitMicros, String currency,
                          boolean circuitOpen, long atMillis) {

    /** Parses the scripts' "id;type;spent;limit;currency;circuit;at" list, comma-separated ('' = none). */
    static List<LedgerEvent> parseAll(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String[] items = text.split(",");
        List<LedgerEvent> out = new ArrayList<>(items.length);
        for (String item : items) {
            String[] f = item.split(";", -1);
            if (f.length != 7) {
                throw new IllegalStateException("ledger: malformed event entry");
            }
            out.add(new LedgerEvent(f[0], f[1], Amounts.parse(f[2]), Amounts.parse(f[3]), f[4], "true".equals(f[5]),
                Long.parseLong(f[6])));
        }
        return List.copyOf(out);
    }
}
