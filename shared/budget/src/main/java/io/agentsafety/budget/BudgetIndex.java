package io.agentsafety.budget;

import io.agentsafety.budget.LedgerScripts.Op;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The index of runs behind {@code GET /budgets}: the sorted set {@value #KEY}, member = run id, score = the
 * budget's {@code created_at} (ms, the server's {@code TIME}). On one Redis server the ledger scripts keep it
 * inside the create/delete step itself (it is their 8th key), atomically. In a Redis Cluster it lives in another
 * slot than any budget, so it is updated by a separate command right after the script: a failure there is logged
 * and never fails the create or delete that already happened; a lost add is put back by the next create of the
 * same run (an idempotent retry), a lost removal by the listing (see {@link BudgetRunList}). Budgets also end by
 * expiring (their TTL after the last activity), which no command sees: their entries are removed by the listing
 * as well, whichever the mode.
 */
public final class BudgetIndex {

    public static final String KEY = "safety:budgets:index";

    private static final Logger LOG = LoggerFactory.getLogger(BudgetIndex.class);

    /** One entry: the run and its creation time (ms), its position in the newest-first order. */
    public record Entry(long createdAt, String runId) {
    }

    private final LedgerScripts scripts;

    BudgetIndex(LedgerScripts scripts) {
        this.scripts = scripts;
    }

    /** The keys of a create or delete script: the budget's seven, plus the index on one server. */
    String[] scriptKeys(String runId) {
        String[] keys = BudgetKeys.forScript(runId, null);
        if (scripts.cluster()) {
            return keys;
        }
        String[] withIndex = java.util.Arrays.copyOf(keys, keys.length + 1);
        withIndex[keys.length] = KEY;
        return withIndex;
    }

    /** After a create ({@code created} or {@code exists}) on a cluster: adds the run; no-op on one server. */
    void created(String runId, long createdAt) {
        if (!scripts.cluster()) {
            return;
        }
        try {
            scripts.run(Op.INDEX_ADD, new String[]{KEY}, Long.toString(createdAt), runId);
        } catch (RuntimeException e) {
            LOG.warn("budget {} created but not added to the index of runs (a create with the same parameters adds it): {}",
                runId, e.getClass().getSimpleName());
        }
    }

    /** After a delete on a cluster: removes the entry if it still is this budget's; no-op on one server. */
    void deleted(String runId, Long createdAt) {
        if (!scripts.cluster() || createdAt == null) {
            return;
        }
        try {
            forget(List.of(new Entry(createdAt, runId)));
        } catch (RuntimeException e) {
            LOG.warn("budget {} deleted but still in the index of runs (the listing drops it): {}", runId,
                e.getClass().getSimpleName());
        }
    }

    /** At most {@code count} entries strictly after {@code after} (null: from the newest), newest first. */
    public List<Entry> after(Entry after, int count) {
        String reply = scripts.run(Op.INDEX_PAGE, new String[]{KEY}, after == null ? "" : Long.toString(after.createdAt()),
            after == null ? "" : after.runId(), Integer.toString(count));
        List<Entry> out = new ArrayList<>(count);
        if (reply == null || reply.isEmpty()) {
            return out;
        }
        for (String line : reply.split("\n")) {
            int bar = line.indexOf('|');
            out.add(new Entry(Long.parseLong(line.substring(0, bar)), line.substring(bar + 1)));
        }
        return out;
    }

    /** Removes these entries, each only while its score is unchanged (a run created again keeps its new entry). */
    public void forget(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        String[] args = new String[entries.size() * 2];
        for (int i = 0; i < entries.size(); i++) {
            args[2 * i] = entries.get(i).runId();
            args[2 * i + 1] = Long.toString(entries.get(i).createdAt());
        }
        scripts.run(Op.INDEX_FORGET, new String[]{KEY}, args);
    }
}
