package io.agentsafety.budget;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Pages over the index of runs, newest first, and reads each listed budget's status (pipelined: one round trip
 * per index page, not one per run). Each entry is answered from its status read now, not from the index, so a
 * deleted or expired budget is never listed: its entry is skipped and removed from the index (only while it still
 * has the score seen, so a run created again meanwhile keeps its new entry). The position after a page is the last
 * (created_at, run_id) consumed, so pages never repeat or skip an entry that exists through the whole listing,
 * whatever is created meanwhile (newer entries sort before the position). A page may hold fewer than asked, even
 * none, when many entries were dead or filtered out; only a null {@code next} means the end.
 */
@Singleton
public class BudgetRunList {

    /** Index reads (each with one pipelined status read) per page at most, which bounds a page's work. */
    static final int MAX_ROUNDS = 5;

    /** One page: the status reads (all {@code ok}) and the position to continue after, null at the end. */
    public record Page(List<LedgerResult> budgets, BudgetIndex.Entry next) {
    }

    private final BudgetLedger ledger;

    public BudgetRunList(BudgetLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Up to {@code limit} budgets after {@code after} (null: from the newest); {@code circuitOpen} non-null keeps only
     * budgets whose breaker is in that state.
     */
    public Page page(BudgetIndex.Entry after, int limit, Boolean circuitOpen) {
        BudgetIndex index = ledger.index();
        List<LedgerResult> out = new ArrayList<>(limit);
        BudgetIndex.Entry position = after;
        boolean more = true;
        boolean unread = false;
        for (int round = 0; round < MAX_ROUNDS && out.size() < limit; round++) {
            // without a filter every live entry is listed: ask for exactly what is missing, so nothing is read twice
            int want = circuitOpen == null ? limit - out.size() : Math.min(200, 2 * (limit - out.size()) + 10);
            List<BudgetIndex.Entry> entries = index.after(position, want);
            if (entries.isEmpty()) {
                more = false;
                break;
            }
            List<LedgerResult> statuses = ledger.statuses(entries.stream().map(BudgetIndex.Entry::runId).toList());
            List<BudgetIndex.Entry> dead = new ArrayList<>();
            int consumed = 0;
            for (int i = 0; i < entries.size() && out.size() < limit; i++, consumed++) {
                position = entries.get(i);
                LedgerResult status = statuses.get(i);
                if (status.is(LedgerOutcome.NOT_FOUND)) {
                    dead.add(position);
                } else if (!status.is(LedgerOutcome.OK)) {
                    throw new IllegalStateException("unexpected ledger outcome " + status.outcome().wireName());
                } else if (circuitOpen == null || status.snapshot().circuitOpen() == circuitOpen) {
                    out.add(status);
                }
            }
            index.forget(dead);
            unread = consumed < entries.size();
            if (!unread && entries.size() < want) {
                more = false;
                break;
            }
        }
        if (more && !unread && out.size() == limit) {
            // the page is full: whether anything follows decides between a cursor and the end
            more = !index.after(position, 1).isEmpty();
        }
        return new Page(out, more ? position : null);
    }
}
