package io.agentsafety.budget;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Helpers of the index-of-runs tests in {@link AbstractLedgerTest} (so they run on one server and on a cluster):
 * walking a whole listing and checking its order. Other tests share the server, so a listing holds their runs
 * too; assertions look at the order of everything and the completeness of the test's own runs.
 */
final class BudgetIndexLedgerTests {

    static final Comparator<BudgetIndex.Entry> NEWEST_FIRST =
        Comparator.comparingLong(BudgetIndex.Entry::createdAt).thenComparing(BudgetIndex.Entry::runId).reversed();

    private BudgetIndexLedgerTests() {
    }

    /** Every page from the start with this page size: the listed entries, in listing order. */
    static List<BudgetIndex.Entry> walk(BudgetRunList list, int pageSize, Boolean circuitOpen, Runnable betweenPages) {
        List<BudgetIndex.Entry> seen = new ArrayList<>();
        BudgetIndex.Entry cursor = null;
        int pages = 0;
        do {
            BudgetRunList.Page page = list.page(cursor, pageSize, circuitOpen);
            assertTrue(page.budgets().size() <= pageSize, "a page never holds more than asked");
            for (LedgerResult status : page.budgets()) {
                assertEquals(LedgerOutcome.OK, status.outcome());
                seen.add(new BudgetIndex.Entry(status.snapshot().createdAt(), status.snapshot().runId()));
            }
            cursor = page.next();
            betweenPages.run();
            assertTrue(++pages < 100_000, "the listing ends");
        } while (cursor != null);
        return seen;
    }

    /** Strictly newest first (created_at, then run id, descending): so no entry twice either. */
    static void assertStrictlyNewestFirst(List<BudgetIndex.Entry> listed) {
        for (int i = 1; i < listed.size(); i++) {
            assertTrue(NEWEST_FIRST.compare(listed.get(i - 1), listed.get(i)) < 0,
                "out of order or repeated at " + i + ": " + listed.get(i - 1) + " then " + listed.get(i));
        }
    }

    /** The listed entries of these runs, in listing order. */
    static List<BudgetIndex.Entry> only(List<BudgetIndex.Entry> listed, Set<String> runs) {
        return listed.stream().filter(e -> runs.contains(e.runId())).toList();
    }

    static Set<String> ids(List<BudgetIndex.Entry> entries) {
        Set<String> out = new HashSet<>();
        entries.forEach(e -> out.add(e.runId()));
        return out;
    }

    /** Runs {@code task} in the background while {@code body} runs; waits for it and returns its result. */
    static <T> T during(java.util.concurrent.Callable<T> task, Runnable body) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<T> future = pool.submit(task);
            body.run();
            return future.get();
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertListed(List<BudgetIndex.Entry> listed, String runId, boolean expected) {
        assertEquals(expected, listed.stream().anyMatch(e -> e.runId().equals(runId)), runId);
    }

    static void assertIndexed(RedisTarget target, String runId, Long createdAt) {
        Double score = target.indexScore(runId);
        if (createdAt == null) {
            assertNull(score, runId + " is still in the index");
        } else {
            assertNotNull(score, runId + " is not in the index");
            assertEquals(createdAt.doubleValue(), score);
        }
    }

    static void assertNone(List<BudgetIndex.Entry> listed, Set<String> runs) {
        assertFalse(listed.stream().anyMatch(e -> runs.contains(e.runId())), "a gone budget was listed");
    }
}
