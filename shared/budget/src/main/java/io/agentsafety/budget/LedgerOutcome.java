package io.agentsafety.budget;

/**
 * What a ledger script answered, by the wire name its Lua code returns (the first line of every answer; see
 * {@code lua/*.lua}). A name this service does not know fails closed: {@link #fromWire} throws, which a route
 * answers as a 500 problem and safe execute as a refusal, never as an allow.
 */
public enum LedgerOutcome {
    /** spend, commit, release, update, status, can-spend (its verdict is the detail) */
    OK("ok"),
    /** create (a new budget) and reserve (a new reservation) */
    CREATED("created"),
    /** create with the same parameters as the existing budget */
    EXISTS("exists"),
    /** create with other parameters than the existing budget */
    CONFLICT("conflict"),
    DELETED("deleted"),
    /** no budget for the run */
    NOT_FOUND("not_found"),
    /** refusals of an enforced spend, a reserve or a commit past its reservation (and can-spend's verdicts) */
    INSUFFICIENT_BUDGET("insufficient_budget"),
    CIRCUIT_OPEN("circuit_open"),
    /** an idempotency key, or a settled reservation, used with other parameters */
    IDEMPOTENCY_CONFLICT("idempotency_conflict"),
    /** commit or release of a reservation that is unknown, settled or expired */
    RESERVATION_NOT_FOUND("reservation_not_found");

    private static final java.util.Map<String, LedgerOutcome> BY_WIRE_NAME = new java.util.HashMap<>();

    static {
        for (LedgerOutcome outcome : values()) {
            BY_WIRE_NAME.put(outcome.wireName, outcome);
        }
    }

    private final String wireName;

    LedgerOutcome(String wireName) {
        this.wireName = wireName;
    }

    /** The scripts' name, also what audit entries, metrics and 402 problem codes carry. */
    public String wireName() {
        return wireName;
    }

    /** Whether the ledger refused for lack of money or an open breaker (a 402 for spend, reserve and commit). */
    public boolean refusal() {
        return this == INSUFFICIENT_BUDGET || this == CIRCUIT_OPEN;
    }

    /** The outcome a script named; an unknown name is an error, never a default. */
    static LedgerOutcome fromWire(String wireName) {
        LedgerOutcome outcome = BY_WIRE_NAME.get(wireName);
        if (outcome == null) {
            // not quoted: a broken script could answer anything, including data it read
            throw new UnknownLedgerOutcomeException();
        }
        return outcome;
    }

    /** A script answered an outcome (or a detail) this service does not know: fail closed, never guess. */
    public static final class UnknownLedgerOutcomeException extends IllegalStateException {
        UnknownLedgerOutcomeException() {
            super("the budget ledger answered an outcome this service does not know");
        }

        UnknownLedgerOutcomeException(String what) {
            super("the budget ledger answered " + what);
        }
    }
}
