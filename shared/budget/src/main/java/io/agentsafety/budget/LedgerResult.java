package io.agentsafety.budget;

import io.agentsafety.budget.LedgerDetail.CanSpend;
import io.agentsafety.budget.LedgerDetail.Deleted;
import io.agentsafety.budget.LedgerDetail.Reservation;
import io.agentsafety.budget.LedgerDetail.Settlement;
import io.agentsafety.budget.LedgerOutcome.UnknownLedgerOutcomeException;
import io.agentsafety.budget.LedgerScripts.Op;

import java.util.List;

/**
 * One script's answer: its {@link LedgerOutcome}, whether it is the replay of an earlier answer, the operation's
 * {@link LedgerDetail}, the events it caused, the budget, and the {@code outbox}: the events (its own, or older ones
 * whose global copy was never acknowledged) the caller must copy to the global feed.
 */
public record LedgerResult(LedgerOutcome outcome, boolean replayed, LedgerDetail detail, List<String> events,
                           BudgetSnapshot snapshot, List<LedgerEvent> outbox) {

    /** Index of the outbox in a script's answer: after the 4 header values and the 13 snapshot values. */
    private static final int OUTBOX = 17;
    private static final LedgerDetail NONE = new LedgerDetail.None();

    /**
     * Parses the answer of {@code op}'s script: newline-separated outcome, replayed, detail, events, the snapshot, the
     * outbox. The detail's shape depends on the operation and outcome ({@code lua/*.lua}); an unknown outcome or a
     * detail of another shape throws {@link UnknownLedgerOutcomeException}.
     */
    static LedgerResult fromScript(Op op, String runId, String answer) {
        ReplyFields reply = new ReplyFields(answer);
        LedgerOutcome outcome = LedgerOutcome.fromWire(reply.text(0));
        boolean replayed = reply.is(1, "1");
        LedgerDetail detail = detail(op, outcome, reply.text(2));
        List<String> events = reply.isEmpty(3) ? List.of() : List.of(reply.text(3).split(","));
        BudgetSnapshot snapshot = reply.count() > 4 ? BudgetSnapshot.fromScript(runId, reply, 4) : null;
        return new LedgerResult(outcome, replayed, detail, events, snapshot,
            reply.isEmpty(OUTBOX) ? List.of() : LedgerEvent.parseAll(reply.text(OUTBOX)));
    }

    /**
     * The detail field: "id|amount|deadline ms" (reserve created, commit refused), "id|reserved|actual|overrun"
     * (commit ok), "id|reserved|0.000000" (release ok), the verdict (can-spend ok), created_at ms (delete), else empty.
     */
    static LedgerDetail detail(Op op, LedgerOutcome outcome, String text) {
        try {
            if (op == Op.RESERVE && outcome == LedgerOutcome.CREATED || op == Op.COMMIT && outcome.refusal()) {
                String[] d = parts(text, 3);
                return new Reservation(d[0], Amounts.parse(d[1]), Long.parseLong(d[2]));
            }
            if ((op == Op.COMMIT || op == Op.RELEASE) && outcome == LedgerOutcome.OK) {
                String[] d = parts(text, op == Op.COMMIT ? 4 : 3);
                return new Settlement(d[0], Amounts.parse(d[1]), Amounts.parse(d[2]), op == Op.COMMIT ? Amounts.parse(d[3]) : null);
            }
            if (op == Op.CAN_SPEND && outcome == LedgerOutcome.OK) {
                LedgerOutcome verdict = LedgerOutcome.fromWire(text);
                if (verdict != LedgerOutcome.OK && !verdict.refusal()) {
                    throw new UnknownLedgerOutcomeException("a can-spend verdict this service does not know");
                }
                return new CanSpend(verdict);
            }
            if (op == Op.DELETE && outcome == LedgerOutcome.DELETED) {
                return new Deleted(text.isEmpty() ? null : Long.parseLong(text));
            }
        } catch (UnknownLedgerOutcomeException e) {
            throw e;
        } catch (RuntimeException e) {
            // a number or an amount not in the ledger's form (Amounts.parse, Long.parseLong)
            throw new UnknownLedgerOutcomeException("a malformed detail");
        }
        if (!text.isEmpty()) {
            throw new UnknownLedgerOutcomeException("a detail this operation does not have");
        }
        return NONE;
    }

    private static String[] parts(String text, int count) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != count || parts[0].isEmpty()) {
            throw new UnknownLedgerOutcomeException("a malformed detail");
        }
        return parts;
    }

    public boolean is(LedgerOutcome expected) {
        return outcome == expected;
    }

    /** The open reservation (reserve created, commit refused); any other answer has none. */
    public Reservation reservation() {
        if (detail instanceof Reservation reservation) {
            return reservation;
        }
        throw new IllegalStateException("the ledger's answer holds no open reservation: " + outcome.wireName());
    }

    /** The settled reservation (commit or release ok). */
    public Settlement settlement() {
        if (detail instanceof Settlement settlement) {
            return settlement;
        }
        throw new IllegalStateException("the ledger's answer holds no settlement: " + outcome.wireName());
    }

    /** This answer as a first answer (a keyless call's re-ask that found its own earlier attempt applied). */
    LedgerResult notReplayed() {
        return new LedgerResult(outcome, false, detail, events, snapshot, outbox);
    }
}
