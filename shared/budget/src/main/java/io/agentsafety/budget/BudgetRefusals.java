package io.agentsafety.budget;

import io.agentsafety.core.Money;
import io.agentsafety.core.Problem;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 402 answers of the budget routes as RFC 9457 problem documents: {@code type}, {@code title},
 * {@code status}, {@code detail} and {@code code} like every other error of the service, plus the budget's
 * status as the extension member {@code budget} (what the caller needs to decide what to do next) and, for
 * a refused commit, the reservation that is still open as {@code reservation}.
 */
final class BudgetRefusals {

    /** Which operation was refused: the detail says what did (not) happen. */
    enum Operation {
        SPEND("nothing was recorded"),
        RESERVE("nothing was reserved"),
        COMMIT("nothing was recorded and the reservation is still open: commit at most the reserved amount plus "
            + "what remains, release it, or commit with allow_overrun: true");

        private final String outcome;

        Operation(String outcome) {
            this.outcome = outcome;
        }
    }

    private BudgetRefusals() {
    }

    static ApiResult refusal(Operation operation, LedgerResult result, Map<String, Object> budget) {
        boolean circuit = result.is(LedgerOutcome.CIRCUIT_OPEN);
        String detail = (circuit ? "the budget's circuit breaker is open; "
            : operation == Operation.COMMIT ? "the actual amount passes the reservation by more than the remaining budget; "
            : "the amount does not fit in the remaining budget; ") + operation.outcome;
        Problem problem = Problem.of(402, result.outcome().wireName(), circuit ? "Budget circuit open" : "Insufficient budget", detail, null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", problem.type());
        out.put("title", problem.title());
        out.put("status", problem.status());
        out.put("detail", problem.detail());
        out.put("code", problem.code());
        out.put("budget", budget);
        if (operation == Operation.COMMIT) {
            LedgerDetail.Reservation open = result.reservation();
            Map<String, Object> reservation = new LinkedHashMap<>();
            reservation.put("reservation_id", open.id());
            reservation.put("reserved_amount", Money.toDecimal(open.amountMicros()));
            reservation.put("reservation_expires_at", Instant.ofEpochMilli(open.expiresAt()).toString());
            reservation.put("open", true);
            out.put("reservation", reservation);
        }
        return new ApiResult(402, out, false, true);
    }
}
