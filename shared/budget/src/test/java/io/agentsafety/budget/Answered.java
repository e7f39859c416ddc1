package io.agentsafety.budget;

import io.agentsafety.core.ProblemException;

import java.util.function.Supplier;

/**
 * A ledger test's setup or read-back call, retried on 503 until answered (at most 30 s; 10 s ran out at load 30 on 2
 * cores, where a fresh JVM's first call took seconds). The fault tests run with short command timeouts (400-500 ms);
 * the first calls of a fresh JVM (class loading, the function library, a cluster's
 * topology) may not be answered that fast on a loaded machine, and a 503 there says nothing about what the test is
 * about. Only for calls a retry cannot double: a create (answered created, or exists when the first attempt was
 * applied), a spend with an idempotency key, a read.
 */
final class Answered {

    private Answered() {
    }

    static LedgerResult retried(Supplier<LedgerResult> call) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                return call.get();
            } catch (ProblemException e) {
                if (e.status() != 503 || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A budget created (or found created by an earlier attempt whose answer was lost). */
    static void created(Supplier<LedgerResult> create) throws InterruptedException {
        LedgerOutcome outcome = retried(create).outcome();
        if (outcome != LedgerOutcome.CREATED && outcome != LedgerOutcome.EXISTS) {
            throw new AssertionError("create answered " + outcome.wireName());
        }
    }
}
