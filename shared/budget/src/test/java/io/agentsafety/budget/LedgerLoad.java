package io.agentsafety.budget;

import io.agentsafety.core.ProblemException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent callers against a few budgets while a fault is injected, as an agent runtime would call: each operation
 * carries an idempotency key (a reservation's commit is keyed by the reservation), and a 503 is retried with the same
 * key until it is answered or the caller's patience ({@code giveUp}) runs out. Operations cycle through enforced
 * spend (twice), reserve-then-commit, an enforced spend without idempotency key that is not retried after a 503, and
 * can-spend. Every acknowledged amount is recorded, so afterwards each budget's
 * ledger can be compared with what its callers were told, exactly, in micro-units.
 * <p>
 * Invariants checked while running: any failure other than the 503 "ledger_unavailable" is recorded as unexpected
 * (an OOM or connection error must never be a 500), an idempotency key never conflicts with itself, and a can-spend
 * never answers "ok" for a budget that already refused that amount (spent + reserved only grows here: reservations
 * are long-lived and committed at their reserved amount).
 */
final class LedgerLoad {

    /** What the callers were told, per budget, and how the calls went. */
    static final class Result {
        final Map<String, AtomicLong> spentAcknowledged = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> reservedOpen = new ConcurrentHashMap<>();
        /** Spends without idempotency key answered 503 and not retried: applied or not, the caller cannot know. */
        final Map<String, AtomicLong> unknownOutcome = new ConcurrentHashMap<>();
        /** Keyless spends answered 503 with their call's key, then retried with it. */
        final AtomicLong keylessResolved = new AtomicLong();
        long amountMicros;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong operations = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();
        final AtomicLong refusals = new AtomicLong();
        final AtomicLong replays = new AtomicLong();
        final AtomicLong allowedCanSpend = new AtomicLong();
        final AtomicLong gaveUp = new AtomicLong();
        final AtomicLong firstUnavailableNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastUnavailableNanos = new AtomicLong(Long.MIN_VALUE);
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        long startNanos;
        long healedNanos;
        long endNanos;

        long spent(String runId) {
            return spentAcknowledged.get(runId).get();
        }

        long reserved(String runId) {
            return reservedOpen.get(runId).get();
        }

        /** From the fault's end to the last 503 any caller saw (0 when the 503s stopped before the fault ended). */
        long recoveryMillis() {
            long last = lastUnavailableNanos.get();
            return last == Long.MIN_VALUE ? 0 : Math.max(0, (last - healedNanos) / 1_000_000);
        }

        /** From the first 503 to the last. */
        long unavailableWindowMillis() {
            long first = firstUnavailableNanos.get();
            return first == Long.MAX_VALUE ? 0 : (lastUnavailableNanos.get() - first) / 1_000_000;
        }

        String summary() {
            return String.format("%d s of load: %d operations, %d calls, %d acknowledged, %d answered 503, %d refused "
                    + "(budget), %d idempotent replays, %d can-spend allowed, %d given up; 503s over %d ms, last 503 %d ms "
                    + "after the fault ended",
                (endNanos - startNanos) / 1_000_000_000, operations.get(), calls.get(), acknowledged.get(), unavailable.get(),
                refusals.get(), replays.get(), allowedCanSpend.get(), gaveUp.get(), unavailableWindowMillis(), recoveryMillis());
        }
    }

    /** The fault: runs on the test thread while the callers load the ledger; ends once the fault is lifted. */
    interface Fault {
        void inject() throws Exception;
    }

    private final BudgetLedger ledger;
    private final List<String> runIds;
    private final long amountMicros;
    private final int callers;
    private final Duration giveUp;
    private final Map<String, AtomicBoolean> refused = new ConcurrentHashMap<>();

    LedgerLoad(BudgetLedger ledger, List<String> runIds, long amountMicros, int callers, Duration giveUp) {
        this.ledger = ledger;
        this.runIds = List.copyOf(runIds);
        this.amountMicros = amountMicros;
        this.callers = callers;
        this.giveUp = giveUp;
    }

    /**
     * Loads the ledger for {@code before}, injects the fault (returns when it is lifted), keeps loading for {@code after},
     * then lets every caller finish its operation (retries included) and returns what they were told.
     */
    Result run(Duration before, Fault fault, Duration after) throws Exception {
        Result result = new Result();
        result.amountMicros = amountMicros;
        for (String runId : runIds) {
            result.spentAcknowledged.put(runId, new AtomicLong());
            result.reservedOpen.put(runId, new AtomicLong());
            result.unknownOutcome.put(runId, new AtomicLong());
            refused.put(runId, new AtomicBoolean());
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        result.startNanos = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            running.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    operate(result, caller, i);
                }
                return null;
            }));
        }
        try {
            Thread.sleep(before.toMillis());
            fault.inject();
            result.healedNanos = System.nanoTime();
            Thread.sleep(after.toMillis());
        } finally {
            stop.set(true);
            for (Future<?> future : running) {
                future.get(giveUp.toMillis() + 10_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            pool.shutdownNow();
        }
        result.endNanos = System.nanoTime();
        return result;
    }

    private void operate(Result result, int caller, int i) throws InterruptedException {
        String runId = runIds.get((caller + i) % runIds.size());
        String key = "load-" + runId + "-" + caller + "-" + i;
        result.operations.incrementAndGet();
        switch (i % 5) {
            case 0, 1 -> {
                LedgerResult r = retried(result, () -> ledger.spend(runId, amountMicros, true, key, null));
                if (r != null && spent(result, runId, r)) {
                    result.spentAcknowledged.get(runId).addAndGet(amountMicros);
                }
            }
            case 2 -> {
                LedgerResult r = retried(result, () -> ledger.reserve(runId, amountMicros, 3600, key));
                if (r == null || !spent(result, runId, r)) {
                    return;
                }
                result.reservedOpen.get(runId).addAndGet(amountMicros);
                String reservationId = r.reservation().id();
                LedgerResult c = retried(result, () -> ledger.commit(reservationId, amountMicros, false));
                if (c != null && spent(result, runId, c)) {
                    result.reservedOpen.get(runId).addAndGet(-amountMicros);
                    result.spentAcknowledged.get(runId).addAndGet(amountMicros);
                }
            }
            case 3 -> {
                // no idempotency key: the ledger re-asks under the call's own key; a 503 that still comes names that key,
                // and a retry with it learns the outcome exactly (the applied answer, or the call applied once)
                java.util.concurrent.atomic.AtomicReference<String> callKey = new java.util.concurrent.atomic.AtomicReference<>();
                LedgerResult r = once(result, () -> {
                    try {
                        return ledger.spend(runId, amountMicros, true, null, null);
                    } catch (ProblemException e) {
                        callKey.set(e.problem().idempotencyKey());
                        throw e;
                    }
                });
                if (r == null && callKey.get() != null) {
                    result.keylessResolved.incrementAndGet();
                    r = retried(result, () -> ledger.spend(runId, amountMicros, true, callKey.get(), null));
                }
                if (r == null) {
                    result.unknownOutcome.get(runId).incrementAndGet();
                } else if (spent(result, runId, r)) {
                    result.spentAcknowledged.get(runId).addAndGet(amountMicros);
                }
            }
            default -> {
                boolean refusedBefore = refused.get(runId).get();
                LedgerResult r = retried(result, () -> ledger.canSpend(runId, amountMicros));
                if (r != null && r.detail() instanceof LedgerDetail.CanSpend verdict && verdict.allowed()) {
                    result.allowedCanSpend.incrementAndGet();
                    if (refusedBefore) {
                        result.violations.add("can-spend allowed " + amountMicros + " on " + runId + " after a refusal");
                    }
                }
            }
        }
    }

    /** Whether a money-moving answer was acknowledged (ok/created); a refusal marks the budget as refusing. */
    private boolean spent(Result result, String runId, LedgerResult r) {
        if (r.replayed()) {
            result.replays.incrementAndGet();
        }
        if (r.is(LedgerOutcome.OK) || r.is(LedgerOutcome.CREATED)) {
            return true;
        }
        if (r.is(LedgerOutcome.INSUFFICIENT_BUDGET) || r.is(LedgerOutcome.CIRCUIT_OPEN)) {
            result.refusals.incrementAndGet();
            refused.get(runId).set(true);
            return false;
        }
        result.violations.add("unexpected answer " + r.outcome().wireName() + " for " + runId);
        return false;
    }

    /** The call once; a 503 is counted and gives null. */
    private LedgerResult once(Result result, java.util.function.Supplier<LedgerResult> call) throws InterruptedException {
        return call(result, call, System.nanoTime() - 1);
    }

    /** The call, retried on 503 until answered or the caller's patience is spent (null then: outcome unknown). */
    private LedgerResult retried(Result result, java.util.function.Supplier<LedgerResult> call) throws InterruptedException {
        return call(result, call, System.nanoTime() + giveUp.toNanos());
    }

    private LedgerResult call(Result result, java.util.function.Supplier<LedgerResult> call, long deadline)
        throws InterruptedException {
        boolean retrying = deadline > System.nanoTime();
        while (true) {
            result.calls.incrementAndGet();
            try {
                LedgerResult r = call.get();
                result.acknowledged.incrementAndGet();
                return r;
            } catch (ProblemException e) {
                // ledger_outcome_unknown: replicas did not confirm the write in time (replica acknowledgements on)
                if (e.status() != 503 || !("ledger_unavailable".equals(e.problem().code())
                    || "ledger_outcome_unknown".equals(e.problem().code()))) {
                    result.violations.add("answered " + e.status() + " " + e.problem().code());
                    return null;
                }
                long now = System.nanoTime();
                result.unavailable.incrementAndGet();
                result.firstUnavailableNanos.accumulateAndGet(now, Math::min);
                result.lastUnavailableNanos.accumulateAndGet(now, Math::max);
                if (now > deadline) {
                    if (retrying) {
                        result.gaveUp.incrementAndGet();
                    }
                    return null;
                }
                Thread.sleep(20);
            } catch (RuntimeException e) {
                result.violations.add("failed with " + e.getClass().getSimpleName() + ": " + e.getMessage());
                return null;
            }
        }
    }
}
