package io.agentsafety.budget;

import io.lettuce.core.StreamMessage;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a {@link LedgerLoad}: every budget's ledger equals what its callers were told (spent = acknowledged spends and
 * commits, reserved = acknowledged reservations not committed; exact micro-units), its own event stream holds each
 * crossed threshold exactly once and nothing else, and the global feed, once owed copies are redelivered, holds every
 * one of those events (a copy whose acknowledgement was lost may appear twice, under the same ledger_event_id).
 */
final class LedgerExactness {

    private LedgerExactness() {
    }

    /**
     * What the check found beyond exactness: global copies that were duplicates (same ledger_event_id), and spends
     * without idempotency key that were applied although their caller was answered 503.
     */
    record Verdict(long duplicateCopies, long appliedDespite503) {
    }

    /**
     * Asserts the above for each budget. Acknowledged amounts must all be in the ledger; beyond them the ledger may hold
     * only whole amounts of keyless spends whose caller had a 503 ({@link LedgerLoad.Result#unknownOutcome}): a
     * connection lost after the server ran the script, before its reply arrived, leaves that outcome unknown to the
     * client; only a retry with an idempotency key resolves it. {@code strict} asserts there is none of those.
     */
    static Verdict assertExact(RedisTarget target, BudgetLedger ledger, BudgetEvents events, LedgerLoad.Result result, Map<String, Long> limits,
                               boolean strict) {
        assertTrue(result.violations.isEmpty(), "violations: " + result.violations);
        assertEquals(0, result.gaveUp.get(), "callers gave up (outcome unknown): " + result.summary());
        long duplicates = 0;
        long appliedDespite503 = 0;
        for (Map.Entry<String, Long> budget : limits.entrySet()) {
            String runId = budget.getKey();
            long limit = budget.getValue();
            BudgetSnapshot after = ledger.status(runId).snapshot();
            long beyond = after.spentMicros() - result.spent(runId);
            long unknown = result.unknownOutcome.get(runId).get();
            assertTrue(beyond >= 0 && beyond % result.amountMicros == 0 && beyond / result.amountMicros <= unknown,
                runId + ": spent " + after.spentMicros() + " vs acknowledged spends and commits " + result.spent(runId)
                    + " (+ at most " + unknown + " keyless spends answered 503)");
            if (strict) {
                assertEquals(result.spent(runId), after.spentMicros(), runId + ": spent vs acknowledged spends and commits");
            }
            appliedDespite503 += beyond / result.amountMicros;
            assertEquals(result.reserved(runId), after.reservedMicros(), runId + ": reserved vs acknowledged open reservations");
            assertTrue(after.spentMicros() + after.reservedMicros() <= limit, runId + ": enforced budget exceeded");
            assertEquals(expectedEvents(limit, after.spentMicros()), counts(target.budgetEvents(runId)),
                runId + ": threshold events in the budget's own stream (spent " + after.spentMicros() + " of " + limit + ")");
            duplicates += assertFeedHoldsEvents(target, events, runId);
        }
        return new Verdict(duplicates, appliedDespite503);
    }

    private static Map<String, Long> expectedEvents(long limit, long spent) {
        Map<String, Long> expected = new HashMap<>();
        for (BigDecimal fraction : BudgetApi.DEFAULT_THRESHOLDS) {
            if (spent > 0 && spent >= Amounts.fractionOf(limit, fraction)) {
                expected.put("threshold:" + fraction.stripTrailingZeros().toPlainString(), 1L);
            }
        }
        return expected;
    }

    private static Map<String, Long> counts(List<String> types) {
        return types.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting()));
    }

    private static long assertFeedHoldsEvents(RedisTarget target, BudgetEvents events, String runId) {
        events.redeliver(runId, Duration.ZERO);
        Set<String> own = target.stream(BudgetKeys.events(runId)).stream().map(StreamMessage::getId).collect(Collectors.toSet());
        List<String> copies = target.events().stream().filter(m -> runId.equals(m.getBody().get("run_id")))
            .map(m -> m.getBody().get("ledger_event_id")).toList();
        assertEquals(own, Set.copyOf(copies), runId + ": events in the global feed vs the budget's own stream");
        return copies.size() - own.size();
    }
}
