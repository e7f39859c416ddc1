package io.agentsafety.budget;

/**
 * What an operation's script reports beyond its outcome and the budget, parsed once from the answer's detail
 * field ({@link LedgerResult#fromScript}). Money in micro-units, times in epoch milliseconds.
 */
public sealed interface LedgerDetail {

    /** Nothing more: spend, status, update, create, and every refusal or not-found but a refused commit. */
    record None() implements LedgerDetail {
    }

    /** An open reservation: the one a reserve made, or the one a refused commit leaves unchanged. */
    record Reservation(String id, long amountMicros, long expiresAt) implements LedgerDetail {
    }

    /**
     * A settled reservation: {@code overrunMicros} is what a commit recorded past the limit (0 when it fit), null for
     * a release, whose actual amount is always 0.
     */
    record Settlement(String reservationId, long reservedMicros, long actualMicros, Long overrunMicros) implements LedgerDetail {
    }

    /** can-spend's answer: {@link LedgerOutcome#OK} or the refusal a spend of that amount would get. */
    record CanSpend(LedgerOutcome verdict) implements LedgerDetail {
        public boolean allowed() {
            return verdict == LedgerOutcome.OK;
        }
    }

    /** A delete: the budget's {@code created_at} (its score in the index of runs), null when the script found none. */
    record Deleted(Long createdAt) implements LedgerDetail {
    }
}
