package io.agentsafety.budget.bench;

import io.agentsafety.budget.BudgetApi;
import io.agentsafety.budget.BudgetEvents;
import io.agentsafety.budget.BudgetLedger;
import io.agentsafety.budget.BudgetSettings;
import io.agentsafety.budget.LedgerConnection;
import io.agentsafety.budget.LedgerOutcome;
import io.agentsafety.budget.LedgerResult;
import io.agentsafety.budget.LedgerScripts;

/**
 * What the ledger benches compare, on one connection: an enforced spend of 0.01 on a budget whose limit no run
 * reaches (so every call takes the full write path), and a raw EVALSHA of a trivial one-key script.
 */
record SpendFixture(BudgetLedger ledger, String runId, Runnable spend, Runnable raw) {

    static final String TRIVIAL = "return 'ok'";

    static SpendFixture on(LedgerConnection connection, String runPrefix) {
        BudgetSettings settings = BudgetSettings.defaults();
        BudgetLedger ledger = new BudgetLedger(new LedgerScripts(connection),
            new BudgetEvents(connection, new LedgerScripts(connection), settings), settings);
        String runId = runPrefix + System.nanoTime();
        ledger.create(runId, 1_000_000_000_000_000L, "USD", 3600, BudgetApi.DEFAULT_THRESHOLDS, "{}");
        String[] keys = {"budget:{" + runId + "}:bench"};
        String sha = connection.eval("return redis.sha1hex(ARGV[1])", keys, TRIVIAL);
        connection.eval(TRIVIAL, keys);
        Runnable spend = () -> {
            LedgerResult result = ledger.spend(runId, 10_000, true, null, null);
            if (!result.is(LedgerOutcome.OK)) {
                throw new IllegalStateException(result.outcome().wireName());
            }
        };
        return new SpendFixture(ledger, runId, spend, () -> connection.evalsha(sha, keys));
    }

    /** The micro-units spent by the run, then the run deleted. */
    long spentAndDelete() {
        long spent = ledger.status(runId).snapshot().spentMicros();
        ledger.delete(runId);
        return spent;
    }
}
