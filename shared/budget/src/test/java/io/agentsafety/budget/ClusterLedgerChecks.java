package io.agentsafety.budget;

import java.util.Map;
import java.util.function.Supplier;

/** What the cluster failover tests read back from the ledger after their load, shared so both judge it the same way. */
final class ClusterLedgerChecks {

    private ClusterLedgerChecks() {
    }

    /** Each budget's spent/limit (in whole amounts) and the acknowledged amounts the ledger no longer holds. */
    record SpentAfterFailover(String perBudget, long lostAmounts) {
    }

    /** The first call connects and loads the topology of six nodes, which a busy machine may not do within 500 ms. */
    static LedgerResult retried(Supplier<LedgerResult> call) throws InterruptedException {
        return Answered.retried(call);
    }

    static SpentAfterFailover spentAfterFailover(BudgetLedger ledger, Map<String, Long> limits, LedgerLoad.Result result, long amount)
            throws InterruptedException {
        StringBuilder spent = new StringBuilder();
        long lost = 0;
        for (Map.Entry<String, Long> budget : limits.entrySet()) {
            LedgerResult status = retried(() -> ledger.status(budget.getKey()));
            // without replica acknowledgements the promoted replica may not hold the budget at all (its create was
            // replicated after the link broke): everything acknowledged on it is lost, which is what is measured
            long ledgerSpent = status.snapshot() == null ? 0 : status.snapshot().spentMicros();
            lost += Math.max(0, result.spent(budget.getKey()) - ledgerSpent) / amount;
            spent.append(status.snapshot() == null
                ? String.format(" %s (budget of %d gone)", status.outcome().wireName(), budget.getValue() / amount)
                : String.format(" %d/%d", ledgerSpent / amount, budget.getValue() / amount));
        }
        return new SpentAfterFailover(spent.toString(), lost);
    }
}
