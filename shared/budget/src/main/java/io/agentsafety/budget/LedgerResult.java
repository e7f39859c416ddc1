package io.agentsafety.budget;

import java.util.List;

/**
 * One script's answer: an outcome code ({@code ok}, {@code created}, {@code not_found},
 * {@code insufficient_budget}, {@code circuit_open}, {@code idempotency_conflict}...), whether it is the
 * replay of an earlier answer, operation details ({@code extra}), the events it caused, the budget, and
 * the {@code outbox}: the events (its own, or older ones whose global copy was never acknowledged) the
 * caller must copy to the global feed.
 */
public record LedgerResult(String code, boolean replayed, String extra, List<String> events, BudgetSnapshot snapshot,
                           List<LedgerEvent> outbox) {

    /** Index of the outbox in a script's answer: after the 4 header values and the 13 snapshot values. */
    private static final int OUTBOX = 17;

    /** Parses a script's answer: newline-separated code, replayed, extra, events, the snapshot, the outbox. */
    static LedgerResult fromScript(String runId, String answer) {
        String[] reply = answer.split("\n", -1);
        String code = BudgetSnapshot.str(reply, 0);
        boolean replayed = "1".equals(BudgetSnapshot.str(reply, 1));
        String extra = BudgetSnapshot.str(reply, 2);
        String events = BudgetSnapshot.str(reply, 3);
        BudgetSnapshot snapshot = reply.length > 4 ? BudgetSnapshot.fromScript(runId, reply, 4) : null;
        return new LedgerResult(code, replayed, extra, events.isEmpty() ? List.of() : List.of(events.split(",")), snapshot,
            LedgerEvent.parseAll(BudgetSnapshot.str(reply, OUTBOX)));
    }

    public boolean is(String expected) {
        return expected.equals(code);
    }

    /** {@code extra} split on '|' (reservation id, amounts, deadline). */
    public String[] details() {
        return extra.split("\\|", -1);
    }
}
